using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Errors;

/// <summary>
/// The root of every failure the SDK reports from a service call: what happened (status, service status, error
/// code, request id, route), whether it is worth retrying (<see cref="IsTransient"/>, <see cref="RetryAfter"/>), who
/// most likely has to act (<see cref="LikelyOwner"/>) and what to do (<see cref="NextMove"/>), plus a
/// <see cref="ReproPacket"/> for a support ticket. Subtypes exist where callers branch. No member ever holds the
/// API key. Argument errors stay <see cref="ArgumentException"/> and cancellation stays
/// <see cref="OperationCanceledException"/>; neither is wrapped. To build one in your own tests use
/// <see cref="NanoBananaErrorFactory"/>.
/// </summary>
public class NanoBananaException : Exception
{
    internal NanoBananaException(ErrorDetails details, Exception? innerException)
        : base(details.Message, innerException)
    {
        Kind = details.Kind;
        StatusCode = details.StatusCode;
        ResponseId = details.ResponseId;
        ServiceStatus = details.ServiceStatus;
        ErrorCode = details.ErrorCode;
        ErrorType = details.ErrorType;
        ServiceMessage = details.ServiceMessage;
        RequestId = details.RequestId;
        Route = details.Route;
        IsTransient = details.IsTransient;
        RetryAfter = details.RetryAfter;
        LikelyOwner = details.LikelyOwner;
        NextMove = details.NextMove;
        Packet = details.Packet;
        Cost = details.Cost;
        ResponseBody = details.ResponseBody;
        QuotaViolations = details.QuotaViolations;
    }

    /// <summary>What kind of failure this is, for retry predicates, telemetry and batch items that branch without type tests.</summary>
    public ErrorKind Kind { get; }

    /// <summary>
    /// The answer's own id when the service answered with a body that had one (the interaction id or
    /// generateContent's <c>responseId</c>): the one id that exists on an HTTP 200 without an image.
    /// </summary>
    public string? ResponseId { get; }

    /// <summary>The HTTP status, or <see langword="null"/> when no response arrived (timeout, connection failure).</summary>
    public int? StatusCode { get; }

    /// <summary>The Google status string (<c>google.rpc.Code</c> name) when the service sent one, e.g. <c>RESOURCE_EXHAUSTED</c>.</summary>
    public string? ServiceStatus { get; }

    /// <summary>
    /// The machine-readable error code: Google's <c>ErrorInfo.reason</c> (e.g. <c>API_KEY_INVALID</c>) or an
    /// OpenAI-style <c>code</c> normalized to a string (e.g. <c>insufficient_quota</c>, <c>429</c>). On a
    /// <see cref="NoImageException"/> it is the block or finish reason (e.g. <c>IMAGE_SAFETY</c>).
    /// </summary>
    public string? ErrorCode { get; }

    /// <summary>The OpenAI-style error <c>type</c> when a gateway sent one (e.g. <c>invalid_request_error</c>).</summary>
    public string? ErrorType { get; }

    /// <summary>The service's own error message (redacted), when it sent one.</summary>
    public string? ServiceMessage { get; }

    /// <summary>The request id from the response headers (<c>x-request-id</c>, <c>x-goog-request-id</c>, <c>request-id</c>).</summary>
    public string? RequestId { get; }

    /// <summary>The route that carried the request.</summary>
    public ImageRoute Route { get; }

    /// <summary>
    /// <see langword="true"/> when the same request may succeed later (408, 429 rate limits, 500, 502, 503, 504,
    /// timeouts, connection failures). Exhausted quota, invalid requests and credential errors are not transient.
    /// A transient failure of an image call may still have been billed: see <see cref="Cost"/>.
    /// </summary>
    public bool IsTransient { get; }

    /// <summary>The service's retry hint (<c>retry-after-ms</c>, then <c>Retry-After</c>, then Google <c>RetryInfo</c>), or <see langword="null"/> when it gave none.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Who most likely has to act.</summary>
    public ErrorOwner LikelyOwner { get; }

    /// <summary>The concrete next step, as an instruction.</summary>
    public string NextMove { get; }

    /// <summary>The minimal reproduction packet for this failure.</summary>
    public ReproPacket Packet { get; }

    /// <summary>The cost record when the failed call may have been billed, else <see langword="null"/>.</summary>
    public CostRecord? Cost { get; }

    /// <summary>The raw response body, with secrets redacted and cut to about 8 KB; <see langword="null"/> when there was none.</summary>
    public string? ResponseBody { get; }

    /// <summary>The quota limits the service reported as exceeded (Google <c>QuotaFailure</c>); empty when none.</summary>
    public IReadOnlyList<QuotaViolation> QuotaViolations { get; }

    /// <summary>
    /// When the failure ends a <see cref="NanoBananaClient"/> call: every plan it tried (the fallback ladder), each with
    /// its error and cost, this failure last. Empty when a route client was called directly.
    /// </summary>
    public IReadOnlyList<RouteAttempt> Attempts { get; internal set; } = [];

    /// <summary>The exception as text, with anything shaped like a credential redacted (inner exceptions included).</summary>
    /// <returns>The redacted text.</returns>
    public override string ToString() => SecretRedactor.Redact(base.ToString()) ?? string.Empty;
}

/// <summary>
/// The service rejected the request as invalid: 400 <c>INVALID_ARGUMENT</c>/<c>FAILED_PRECONDITION</c>, 404, 413, 422.
/// Retrying it unchanged fails again.
/// </summary>
public sealed class InvalidRequestException : NanoBananaException
{
    internal InvalidRequestException(ErrorDetails details, Exception? innerException)
        : base(details, innerException)
    {
    }
}

/// <summary>
/// The key was rejected: 401, <c>UNAUTHENTICATED</c>, or Google's <c>API_KEY_INVALID</c> (which Google sends as
/// HTTP 400). Check the key type, its restrictions and its project; never retried.
/// </summary>
public sealed class AuthenticationException : NanoBananaException
{
    internal AuthenticationException(ErrorDetails details, Exception? innerException)
        : base(details, innerException)
    {
    }
}

/// <summary>
/// The caller is authenticated but not allowed: 403 <c>PERMISSION_DENIED</c>, a disabled API or billing, a key
/// restriction (<c>API_KEY_SERVICE_BLOCKED</c>), a provider's denial. Not a safety block and not a file error.
/// </summary>
public sealed class PermissionDeniedException : NanoBananaException
{
    internal PermissionDeniedException(ErrorDetails details, Exception? innerException)
        : base(details, innerException)
    {
    }
}

/// <summary>
/// A rate limit was hit (429 <c>RESOURCE_EXHAUSTED</c> on a per-minute limit, a gateway's <c>rate_limit_exceeded</c>):
/// transient; back off, honouring <see cref="NanoBananaException.RetryAfter"/>. Limits are per project, so
/// another key never helps. <see cref="QuotaExhaustedException"/> is the non-transient case and deliberately not a
/// subtype: a <c>catch (RateLimitException)</c> that backs off and retries must never catch an exhausted daily quota.
/// </summary>
public sealed class RateLimitException : NanoBananaException
{
    internal RateLimitException(ErrorDetails details, Exception? innerException)
        : base(details, innerException)
    {
    }
}

/// <summary>
/// Quota or balance is used up: a daily (RPD) or zero Google limit, a gateway's <c>insufficient_quota</c>,
/// <c>insufficient_user_quota</c> or <c>insufficient_balance</c>, or HTTP 402. Not transient: retrying now will not help,
/// so <see cref="NanoBananaException.RetryAfter"/> is always <see langword="null"/> (Google's <c>RetryInfo</c> on a daily
/// quota is kept in the message, not offered as a retry hint). A sibling of <see cref="RateLimitException"/>, not a subtype.
/// </summary>
public sealed class QuotaExhaustedException : NanoBananaException
{
    internal QuotaExhaustedException(ErrorDetails details, Exception? innerException)
        : base(details, innerException)
    {
    }
}

/// <summary>
/// The service or the path to it failed: 500, 502, 503, overload, a reset connection or another transport
/// failure. Transient: retry once within bounds, then switch route only with logs.
/// </summary>
public sealed class ServiceUnavailableException : NanoBananaException
{
    internal ServiceUnavailableException(ErrorDetails details, Exception? innerException)
        : base(details, innerException)
    {
    }
}

/// <summary>
/// The call timed out: 504 <c>DEADLINE_EXCEEDED</c>, 408, or the client's own timeout. Transient, but a timed-out
/// image call may already have been generated and billed; do not retry per-call-billed gateways blindly.
/// </summary>
public sealed class ServiceTimeoutException : NanoBananaException
{
    internal ServiceTimeoutException(ErrorDetails details, Exception? innerException)
        : base(details, innerException)
    {
    }
}

/// <summary>
/// The service answered (usually HTTP 200) but without an image: a safety finish, a blocked prompt, a text-only
/// answer or another finish reason. Usually billed (check <see cref="Billed"/>); never retried unchanged by default.
/// </summary>
public sealed class NoImageException : NanoBananaException
{
    internal NoImageException(
        ErrorDetails details, NoImageReason reason, string? text, string? finishReason, string? blockReason, TokenUsage? usage, string? finishMessage = null)
        : base(details, innerException: null)
    {
        Reason = reason;
        Text = text;
        FinishMessage = finishMessage;
        FinishKind = FinishKinds.Of(finishReason, blockReason);
        FinishReason = finishReason;
        BlockReason = blockReason;
        Usage = usage;
    }

    /// <summary>Why there is no image.</summary>
    public NoImageReason Reason { get; }

    /// <summary>Text the model itself returned instead of an image, or <see langword="null"/>; the same on every transport.</summary>
    public string? Text { get; }

    /// <summary>
    /// The service's own explanation (a candidate's <c>finishMessage</c>, the prompt feedback's
    /// <c>blockReasonMessage</c> or a failed interaction's error message), redacted, or <see langword="null"/>.
    /// </summary>
    public string? FinishMessage { get; }

    /// <summary>How the answer finished, normalized: a blocked prompt is <see cref="Sdk.FinishKind.PromptBlocked"/> on every transport.</summary>
    public FinishKind FinishKind { get; }

    /// <summary>The candidate's finish reason as sent (e.g. <c>IMAGE_SAFETY</c>, <c>STOP</c>), or <see langword="null"/>.</summary>
    public string? FinishReason { get; }

    /// <summary>The prompt's block reason as sent (e.g. <c>SAFETY</c>, <c>OTHER</c>), or <see langword="null"/>.</summary>
    public string? BlockReason { get; }

    /// <summary>Token usage the answer reported; output tokens of a blocked answer may still be billed.</summary>
    public TokenUsage? Usage { get; }

    /// <summary><see langword="true"/> when the cost record says this image-less call is billable.</summary>
    public bool Billed => Cost?.Billable ?? false;
}

/// <summary>
/// The answer could not be read: non-JSON, truncated or too deeply nested JSON on a success status, or an image
/// larger than the configured maximum. Not transient; the call may still have been billed.
/// </summary>
public sealed class MalformedResponseException : NanoBananaException
{
    internal MalformedResponseException(ErrorDetails details, string detail, Exception? innerException)
        : base(details, innerException) => Detail = detail;

    /// <summary>What was wrong with the answer, e.g. <c>body ended inside a JSON string</c>.</summary>
    public string Detail { get; }
}

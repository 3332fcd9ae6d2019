using System.Globalization;
using System.Text;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Wire;

using NanoBanana.Sdk.Http;

namespace NanoBanana.Sdk.Errors;

/// <summary>
/// Turns a failed call into a classified <see cref="NanoBananaException"/> (SPEC §7): the exception type callers
/// branch on, the likely owner, a concrete next move worded for the route, the retry hint and a reproduction
/// packet. Never throws: whatever the body holds (HTML, truncated or wrongly typed JSON), the status still
/// classifies it. Everything that leaves here is redacted.
/// </summary>
internal static class ErrorClassifier
{
    /// <summary>How much of a response body an exception keeps.</summary>
    internal const int MaxBodyChars = 8 * 1024;

    /// <summary>
    /// How many bytes of an error body are read and decoded: the one limit shared by <see cref="Http.ErrorBodyReader"/>
    /// and the classifier. A UTF-8 char takes at most 4 bytes, so a secret starting past this many bytes starts past
    /// char 16K and can never reach the kept 8K chars half-redacted; more would be waste.
    /// </summary>
    internal const int MaxErrorBodyBytes = 64 * 1024;

    private const int MaxBodyBytesDecoded = MaxErrorBodyBytes;

    private const int MaxServiceMessageChars = 600;

    private static readonly string[] AuthenticationReasons =
        ["API_KEY_INVALID", "API_KEY_EXPIRED", "CREDENTIALS_MISSING", "ACCESS_TOKEN_EXPIRED", "ACCESS_TOKEN_TYPE_UNSUPPORTED", "ACCOUNT_STATE_INVALID"];

    private static readonly string[] AuthenticationCodes =
        ["invalid_api_key", "authentication_error", "invalid_authentication", "unauthorized", "401"];

    private static readonly string[] QuotaExhaustedCodes =
        ["insufficient_quota", "insufficient_user_quota", "insufficient_balance", "billing_hard_limit_reached", "payment_required", "402"];

    private static readonly string[] RateLimitCodes =
        ["rate_limit_exceeded", "rate_limit_error", "rate_limited", "too_many_requests", "429"];

    private static readonly string[] PermissionCodes = ["permission_error", "permission_denied", "forbidden", "403"];

    private static readonly string[] SafetyCodes =
        ["content_policy_violation", "content_filter", "moderation_blocked", "safety_violation", "image_generation_user_error"];

    private static readonly string[] OverloadCodes = ["overloaded_error", "service_unavailable", "server_error", "api_error"];

    private enum Kind
    {
        Authentication,
        KeyRestricted,
        PermissionDenied,
        Precondition,
        QuotaExhausted,
        RateLimit,
        Timeout,
        Internal,
        Unavailable,
        SafetyRejected,
        NotFound,
        TooLarge,
        Invalid,
        Unknown,
    }

    /// <summary>Classifies a non-success HTTP answer.</summary>
    /// <param name="context">What the client knows about the request.</param>
    /// <param name="response">The response (status and headers are read; the content is not).</param>
    /// <param name="body">The body bytes the client read (may be empty or partial).</param>
    /// <param name="cost">The cost record when the failed call may be billed.</param>
    /// <returns>The classified exception, ready to throw.</returns>
    public static NanoBananaException FromResponse(ErrorContext context, HttpResponseMessage response, ReadOnlySpan<byte> body, CostRecord? cost = null)
    {
        var status = (int)response.StatusCode;
        var parsed = ServiceErrorBody.TryParse(body);
        var headers = ResponseHeaders.Read(response, context.Time);
        var kind = Classify(status, parsed);
        var secret = context.Secret;

        // Classified on what the service said; from here on only redacted service strings reach the exception.
        parsed?.RedactWith(secret);
        var requestId = SecretRedactor.Redact(headers.RequestId, secret);

        var serviceMessage = Clip(SecretRedactor.Redact(parsed?.Message, secret), MaxServiceMessageChars);
        var violations = parsed?.Violations ?? [];
        var retryAfter = headers.RetryAfter ?? parsed?.RetryDelay;
        var errorCode = parsed?.Reason ?? (parsed is { IsGoogle: false } ? parsed.Code : null);
        var owner = OwnerOf(kind);
        var nextMove = SecretRedactor.Redact(NextMoveFor(kind, context, parsed, retryAfter), secret)!;

        var what = new StringBuilder(Headline(kind, status, context));
        if (serviceMessage is not null)
        {
            what.Append(": ").Append(serviceMessage.TrimEnd('.', ' '));
        }

        if (parsed?.UpstreamProvider is { } upstream)
        {
            what.Append("; upstream provider ").Append(upstream);
        }

        if (violations.Count > 0)
        {
            what.Append("; exceeded ").Append(string.Join("; ", violations));
        }

        // An exhausted quota still carries Google's RetryInfo; repeating it next to "retrying will not help" would mislead.
        if (retryAfter is { } wait && kind != Kind.QuotaExhausted)
        {
            what.Append("; retry after ").Append(FormatDuration(wait));
        }

        if (kind is Kind.RateLimit or Kind.QuotaExhausted && headers.RateLimitSummary is { } limits)
        {
            what.Append("; ").Append(limits);
        }

        if (parsed?.HelpLinks.FirstOrDefault() is { } link)
        {
            what.Append("; see ").Append(link);
        }

        var endpoint = SanitizeEndpoint(context.Endpoint) ?? EndpointOf(response.RequestMessage);
        var details = new ErrorDetails
        {
            Message = Compose(what.ToString(), StatusPart(status, parsed?.Status, errorCode, requestId), owner, nextMove, secret),
            StatusCode = status,
            ServiceStatus = parsed?.Status,
            ErrorCode = errorCode,
            ErrorType = parsed?.Type,
            ServiceMessage = serviceMessage,
            RequestId = requestId,
            Route = context.Route,
            IsTransient = IsTransient(kind, status),
            RetryAfter = kind == Kind.QuotaExhausted ? null : retryAfter,
            LikelyOwner = owner,
            Kind = PublicKind(kind, status),
            NextMove = nextMove,
            Packet = Packet(context, status, parsed?.Status, errorCode, requestId, endpoint, cost, billingFallback: null),
            Cost = cost,
            ResponseBody = BodyText(body, secret),
            QuotaViolations = violations,
        };

        return kind switch
        {
            Kind.Authentication => new AuthenticationException(details, null),
            Kind.KeyRestricted or Kind.PermissionDenied => new PermissionDeniedException(details, null),
            Kind.QuotaExhausted => new QuotaExhaustedException(details, null),
            Kind.RateLimit => new RateLimitException(details, null),
            Kind.Timeout => new ServiceTimeoutException(details, null),
            Kind.Internal or Kind.Unavailable => new ServiceUnavailableException(details, null),
            Kind.Precondition or Kind.SafetyRejected or Kind.NotFound or Kind.TooLarge or Kind.Invalid => new InvalidRequestException(details, null),
            _ => new NanoBananaException(details, null),
        };
    }

    /// <summary>Classifies a call that timed out on the client (no answer in time).</summary>
    /// <param name="context">What the client knows about the request.</param>
    /// <param name="elapsed">How long the call ran.</param>
    /// <param name="inner">The timeout's cause (e.g. a <see cref="TaskCanceledException"/> from the timeout token).</param>
    /// <param name="cost">The cost record when the call may be billed.</param>
    /// <returns>A <see cref="ServiceTimeoutException"/>.</returns>
    public static NanoBananaException FromTimeout(ErrorContext context, TimeSpan elapsed, Exception? inner, CostRecord? cost = null)
    {
        const string Billing = "unknown: a timed-out image call may already have been generated and billed";
        var next = context.Route == ImageRoute.Provider
            ? "Check the provider's status page and its upstream route before blaming Google. Raise the timeout before retrying (4K images can take minutes; gateways advise 360-600 s, HttpClient's default 100 s is too short), then retry once within bounds and switch route only with logs. The image may already have been generated and billed: do not retry per-call-billed gateways blindly."
            : "Raise the timeout before retrying (4K images can take minutes; HttpClient's default 100 s is too short), then retry once within bounds; if it repeats, check Google's status page and switch route only with logs. The image may already have been generated and billed: check the cost record before retrying.";
        var what = $"The request timed out on the client after {FormatDuration(elapsed)} with no answer from {RouteLabel(context)}";
        var details = new ErrorDetails
        {
            Message = Compose(what, "no HTTP status", ErrorOwner.CapacityOrGatewayPath, next, context.Secret),
            Route = context.Route,
            Kind = ErrorKind.ClientTimeout,
            IsTransient = true,
            LikelyOwner = ErrorOwner.CapacityOrGatewayPath,
            NextMove = next,
            Packet = Packet(context, null, null, null, null, SanitizeEndpoint(context.Endpoint), cost, Billing),
            Cost = cost,
        };
        return new ServiceTimeoutException(details, SanitizeInner(inner, context.Secret));
    }

    /// <summary>Classifies a transport failure: no answer (connection refused or reset, DNS, TLS) or a body cut mid-read.</summary>
    /// <param name="context">What the client knows about the request.</param>
    /// <param name="inner">The failure (<see cref="HttpRequestException"/>, an <see cref="IOException"/> mid-body).</param>
    /// <param name="statusCode">The status when headers had arrived before the failure, else <see langword="null"/>.</param>
    /// <param name="requestId">The request id when headers had arrived.</param>
    /// <param name="cost">The cost record when the call may be billed.</param>
    /// <returns>A <see cref="ServiceUnavailableException"/>.</returns>
    /// <param name="notSent">The request never left this machine (DNS, connection refused, TLS): nothing was generated.</param>
    public static NanoBananaException FromTransportFailure(ErrorContext context, Exception inner, int? statusCode, string? requestId, CostRecord? cost = null, bool notSent = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var secret = context.Secret;
        requestId = SecretRedactor.Redact(requestId, secret);
        var cause = Clip(SecretRedactor.Redact(inner.Message, secret), MaxServiceMessageChars);
        var what = statusCode is { } status
            ? $"The connection broke while reading the answer from {RouteLabel(context)} (headers said HTTP {status.ToString(CultureInfo.InvariantCulture)}): {cause}"
            : $"The connection to {RouteLabel(context)} failed before an answer arrived: {cause}";
        var dns = inner is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError };
        var next = new StringBuilder(dns
            ? "Check the base URL and DNS for this route (the host name did not resolve); then retry once within bounds."
            : context.Route == ImageRoute.Provider
                ? "Check the provider's status page and the network path to the gateway first, then Google's status; retry once within bounds, then switch route only with logs."
                : "Retry once within bounds with backoff; if it repeats, check the network, proxy and TLS path to the endpoint, then Google's status, and switch route only with logs.");
        if (statusCode is not null)
        {
            next.Append(" The answer had started, so the call may already have been generated and billed.");
        }
        else if (notSent)
        {
            next.Append(" The request never left this machine, so nothing was generated or billed: a retry is safe.");
        }
        else
        {
            next.Append(" The request had been sent, so the image may already have been generated and billed: do not resend it blindly.");
        }

        var nextMove = next.ToString();
        var details = new ErrorDetails
        {
            Message = Compose(what, StatusPart(statusCode, null, null, requestId), ErrorOwner.CapacityOrGatewayPath, nextMove, secret),
            StatusCode = statusCode,
            RequestId = requestId,
            Route = context.Route,
            Kind = notSent ? ErrorKind.ConnectionFailed : ErrorKind.ConnectionLost,
            IsTransient = true,
            LikelyOwner = ErrorOwner.CapacityOrGatewayPath,
            NextMove = nextMove,
            Packet = Packet(context, statusCode, null, null, requestId, SanitizeEndpoint(context.Endpoint), cost,
                statusCode is null ? null : "unknown: the answer had started, so the call may already be billed"),
            Cost = cost,
        };
        return new ServiceUnavailableException(details, SanitizeInner(inner, secret));
    }

    /// <summary>
    /// Classifies an exception thrown by a handler in the caller's <see cref="HttpClient"/> pipeline (a resilience
    /// strategy, a rate limiter, a user's handler) instead of letting it escape raw. Polly's types are matched by name,
    /// so the core package needs no Polly reference.
    /// </summary>
    /// <param name="context">What the client knows about the request.</param>
    /// <param name="inner">The handler's exception.</param>
    /// <param name="elapsed">How long the call ran.</param>
    /// <param name="cost">The cost record.</param>
    /// <returns>The classified exception.</returns>
    public static NanoBananaException FromClientPipeline(ErrorContext context, Exception inner, TimeSpan elapsed, CostRecord? cost)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (inner is QuotaPermitDeniedException denied)
        {
            return FromQuotaPermitDenied(context, denied, cost);
        }

        var typeName = inner.GetType().FullName ?? inner.GetType().Name;
        if (typeName == "Polly.Timeout.TimeoutRejectedException")
        {
            return FromTimeout(context, elapsed, inner, cost);
        }

        var secret = context.Secret;
        var cause = Clip(SecretRedactor.Redact(inner.Message, secret), MaxServiceMessageChars);
        var (what, next, retryAfter) = typeName switch
        {
            "Polly.CircuitBreaker.BrokenCircuitException" or "Polly.CircuitBreaker.IsolatedCircuitException" =>
                ($"The circuit breaker for {RouteLabel(context)} is open, so the call was not sent: {cause}",
                 "Recent calls on this route failed repeatedly: check the route's status (Google's status page or the provider's) and wait for the breaker to close, or move the work to another route with logs. Nothing was sent or billed.",
                 (TimeSpan?)null),
            "Polly.RateLimiting.RateLimiterRejectedException" =>
                ($"The client-side rate limiter for {RouteLabel(context)} refused the call, so it was not sent: {cause}",
                 "The project's configured request rate is used up on this machine: back off (honour RetryAfter), lower concurrency or move non-urgent work to Batch. Limits are per project: more keys never add quota. Nothing was sent or billed.",
                 (TimeSpan?)null),
            _ =>
                ($"A handler in the HttpClient pipeline for {RouteLabel(context)} threw {inner.GetType().Name}: {cause}",
                 "Check the DelegatingHandlers added to this client's HttpClient (resilience, logging, auth): one of them failed before an answer arrived. The request may or may not have been sent; check the cost record before retrying.",
                 (TimeSpan?)null),
        };
        var rejected = typeName.StartsWith("Polly.", StringComparison.Ordinal);
        var details = new ErrorDetails
        {
            Message = Compose(what, "no HTTP status", ErrorOwner.CapacityOrGatewayPath, next, secret),
            Route = context.Route,
            Kind = ErrorKind.RejectedByClientPipeline,
            IsTransient = rejected,
            RetryAfter = retryAfter,
            LikelyOwner = ErrorOwner.CapacityOrGatewayPath,
            NextMove = next,
            Packet = Packet(context, null, null, null, null, SanitizeEndpoint(context.Endpoint), cost, rejected ? "not billed: the call was not sent" : null),
            Cost = cost,
        };
        return rejected ? new ServiceUnavailableException(details, SanitizeInner(inner, secret)) : new NanoBananaException(details, SanitizeInner(inner, secret));
    }

    /// <summary>
    /// A client-side quota limiter refused the request before sending it: a per-minute limit or a shared cooldown
    /// becomes a transient <see cref="RateLimitException"/> with the limiter's wait as <c>RetryAfter</c>; a daily limit
    /// a <see cref="QuotaExhaustedException"/>. Nothing was sent or billed.
    /// </summary>
    private static NanoBananaException FromQuotaPermitDenied(ErrorContext context, QuotaPermitDeniedException denied, CostRecord? cost)
    {
        var secret = context.Secret;
        var cause = Clip(SecretRedactor.Redact(denied.Message, secret), MaxServiceMessageChars);
        var what = $"The client-side quota limiter for {RouteLabel(context)} refused the call, so it was not sent: {cause}";
        var next = denied.IsDaily
            ? "The project's configured requests per day are used up (the day resets at midnight Pacific time): move non-urgent work to Batch, wait for the reset, or request more quota and raise NanoBanana:Quota. Limits are per project: more keys never add quota. Nothing was sent or billed."
            : "The project's configured per-minute quota (NanoBanana:Quota), or a cooldown after a 429 seen by any instance, has no permit now: retry after RetryAfter, lower concurrency or move non-urgent work to Batch. Limits are per project: more keys never add quota. Nothing was sent or billed.";
        var kind = denied.IsDaily ? ErrorKind.QuotaExhausted : ErrorKind.RateLimited;
        var details = new ErrorDetails
        {
            Message = Compose(what, "no HTTP status", ErrorOwner.QuotaAndTrafficShape, next, secret),
            Route = context.Route,
            Kind = kind,
            IsTransient = !denied.IsDaily,
            RetryAfter = denied.IsDaily ? null : denied.RetryAfter,
            LikelyOwner = ErrorOwner.QuotaAndTrafficShape,
            NextMove = next,
            Packet = Packet(context, null, null, null, null, SanitizeEndpoint(context.Endpoint), cost, "not billed: the call was not sent"),
            Cost = cost,
        };
        var inner = SanitizeInner(denied, secret);
        return denied.IsDaily ? new QuotaExhaustedException(details, inner) : new RateLimitException(details, inner);
    }

    /// <summary>Builds the error for an answer without an image.</summary>
    /// <param name="context">What the client knows about the request.</param>
    /// <param name="reason">Why there is no image.</param>
    /// <param name="text">Text the model returned instead, if any.</param>
    /// <param name="finishReason">The candidate's finish reason as sent.</param>
    /// <param name="blockReason">The prompt's block reason as sent.</param>
    /// <param name="usage">Token usage the answer reported.</param>
    /// <param name="statusCode">The HTTP status (usually 200).</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="cost">The cost record (a safety block or an image-less 200 is often billed).</param>
    /// <param name="responseId">The answer's own id (interaction id or responseId), when it had one.</param>
    /// <param name="finishMessage">The service's own explanation (finish message, block reason message, error message).</param>
    /// <returns>A <see cref="NoImageException"/>.</returns>
    public static NoImageException NoImage(
        ErrorContext context, NoImageReason reason, string? text, string? finishReason, string? blockReason, TokenUsage? usage,
        int statusCode, string? requestId, CostRecord? cost, string? responseId = null, string? finishMessage = null)
    {
        var secret = context.Secret;
        text = SecretRedactor.Redact(text, secret);
        finishMessage = SecretRedactor.Redact(finishMessage, secret);
        finishReason = SecretRedactor.Redact(finishReason, secret);
        blockReason = SecretRedactor.Redact(blockReason, secret);
        requestId = SecretRedactor.Redact(requestId, secret);
        var billed = cost?.Billable == true
            ? " This call is billed (see Cost)."
            : cost is null ? " It may still be billed." : string.Empty;
        var what = reason switch
        {
            NoImageReason.SafetyFinish => $"No image: generation stopped on a safety finish ({finishReason ?? "no finish reason"})",
            NoImageReason.PromptBlocked => $"No image: the prompt was blocked before generation ({blockReason ?? "no block reason"})",
            NoImageReason.TextOnly => "No image: the model answered with text only",
            _ => $"No image: generation stopped with finish reason {finishReason ?? "(none)"}",
        };
        if (!string.IsNullOrWhiteSpace(text ?? finishMessage))
        {
            what += $": \"{Clip((text ?? finishMessage)!.Trim(), 200)}\"";
        }

        var next = reason switch
        {
            NoImageReason.SafetyFinish =>
                $"Inspect the output fields (finish reason {finishReason}, safety ratings, finish message) before calling it an outage: a safety filter stopped the image. Rephrase the prompt or change the input images; do not retry it unchanged.",
            NoImageReason.PromptBlocked =>
                $"Inspect the prompt feedback (block reason {blockReason}) before calling it an outage: the prompt or an input image was blocked before generation. Change them; do not retry unchanged.",
            NoImageReason.TextOnly when context.Route == ImageRoute.Provider =>
                "Inspect the output fields (message content, images, modalities) before calling it an outage: ask for image output (modalities [\"image\",\"text\"]), check the gateway maps this model to an image model and that the provider dialect matches the answer shape, and make the prompt ask for an image explicitly.",
            NoImageReason.TextOnly =>
                "Inspect the output fields (text, finish reason, response modalities) before calling it an outage: ask for image output (responseModalities including IMAGE), check the model is an image model, and make the prompt ask for an image explicitly.",
            _ =>
                $"Inspect the output fields (finish reason {finishReason}, modalities, safety) before calling it an outage: MAX_TOKENS or RECITATION need a prompt change; OTHER may clear on one retry.",
        } + billed;

        var errorCode = blockReason ?? finishReason;
        var details = new ErrorDetails
        {
            Message = Compose(what, StatusPart(statusCode, null, errorCode, requestId), ErrorOwner.RequestAndParser, next, secret),
            StatusCode = statusCode,
            ErrorCode = errorCode,
            RequestId = requestId,
            ResponseId = SecretRedactor.Redact(responseId, secret),
            Route = context.Route,
            Kind = ErrorKind.NoImage,
            LikelyOwner = ErrorOwner.RequestAndParser,
            NextMove = next,
            Packet = Packet(context, statusCode, null, errorCode, requestId, SanitizeEndpoint(context.Endpoint), cost,
                "unknown: an answer without an image is billed on many routes (output tokens, or a provider's failed-call rule)") with { ResponseId = SecretRedactor.Redact(responseId, secret) },
            Cost = cost,
        };
        return new NoImageException(details, reason, text, finishReason, blockReason, usage, finishMessage);
    }

    /// <summary>
    /// Builds the error for an answer that could not be read. A truncated body (<see cref="ResponseParseFailure.Truncated"/>
    /// in <paramref name="inner"/>) is owned by <see cref="ErrorOwner.CapacityOrGatewayPath"/>: the JSON that arrived was
    /// well formed until the connection, a proxy or the gateway cut it. Every other failure (not JSON, wrong shape, too
    /// deep, an image over the limit) is <see cref="ErrorOwner.RequestAndParser"/>: the answer is not what this route's
    /// parser expects, which points at the configured route, dialect, base URL or limits. Never transient: the call may
    /// already be billed, so a blind retry could pay twice.
    /// </summary>
    /// <param name="context">What the client knows about the request.</param>
    /// <param name="statusCode">The HTTP status (usually 200).</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="detail">What was wrong, in a few words.</param>
    /// <param name="inner">The parser's exception, if any.</param>
    /// <param name="cost">The cost record when the call may be billed.</param>
    /// <returns>A <see cref="MalformedResponseException"/>.</returns>
    public static MalformedResponseException Malformed(ErrorContext context, int statusCode, string? requestId, string detail, Exception? inner, CostRecord? cost = null)
    {
        var secret = context.Secret;
        detail = SecretRedactor.Redact(detail, secret) ?? string.Empty;
        requestId = SecretRedactor.Redact(requestId, secret);
        var failure = (inner as ResponseParseException)?.Failure;
        var owner = failure == ResponseParseFailure.Truncated ? ErrorOwner.CapacityOrGatewayPath : ErrorOwner.RequestAndParser;
        var next = failure switch
        {
            ResponseParseFailure.Truncated =>
                "The body was cut off in transit: check the gateway or proxy path (timeouts, body size limits) with the request id before retrying once within bounds. The call may already have been billed.",
            ResponseParseFailure.ImageTooLarge =>
                "Raise the configured maximum image size, or request a smaller image size. The call may already have been billed.",
            _ =>
                "Keep the response body and request id and inspect the answer's shape before calling it an outage: check the route and provider dialect match the endpoint (an HTML page or another API's JSON means a wrong base URL or a proxy in the way). The call may already have been billed; do not retry it unchanged.",
        };
        var what = $"The answer from {RouteLabel(context)} could not be read: {detail}";
        var details = new ErrorDetails
        {
            Message = Compose(what, StatusPart(statusCode, null, null, requestId), owner, next, secret),
            StatusCode = statusCode,
            RequestId = requestId,
            Route = context.Route,
            Kind = ErrorKind.MalformedResponse,
            LikelyOwner = owner,
            NextMove = next,
            Packet = Packet(context, statusCode, null, null, requestId, SanitizeEndpoint(context.Endpoint), cost,
                "unknown: the service answered, so the call may be billed"),
            Cost = cost,
        };
        return new MalformedResponseException(details, detail, SanitizeInner(inner, secret));
    }

    /// <summary>
    /// The classifier's pure decision for a status and an error body, with no <see cref="HttpResponseMessage"/>:
    /// what a retry predicate, a rate limiter or a batch item needs (the kind, whether it is transient, who owns it).
    /// </summary>
    /// <param name="status">The HTTP status (or a batch item's <c>google.rpc.Status</c> code mapped to HTTP).</param>
    /// <param name="body">The error body bytes, possibly empty or partial.</param>
    /// <returns>The decision.</returns>
    public static ErrorDecision Decide(int status, ReadOnlySpan<byte> body)
    {
        var parsed = ServiceErrorBody.TryParse(body);
        var kind = Classify(status, parsed);
        return new ErrorDecision(PublicKind(kind, status), IsTransient(kind, status), OwnerOf(kind), parsed?.RetryDelay);
    }

    private static ErrorKind PublicKind(Kind kind, int status) => kind switch
    {
        Kind.Authentication => ErrorKind.Authentication,
        Kind.KeyRestricted => ErrorKind.KeyRestricted,
        Kind.PermissionDenied => ErrorKind.PermissionDenied,
        Kind.Precondition => ErrorKind.FailedPrecondition,
        Kind.QuotaExhausted => ErrorKind.QuotaExhausted,
        Kind.RateLimit => ErrorKind.RateLimited,
        Kind.Timeout => ErrorKind.ServiceTimeout,
        Kind.Internal => ErrorKind.ServerError,
        Kind.Unavailable => ErrorKind.ServiceUnavailable,
        Kind.SafetyRejected => ErrorKind.ContentPolicy,
        Kind.NotFound => ErrorKind.NotFound,
        Kind.TooLarge => ErrorKind.RequestTooLarge,
        Kind.Invalid => ErrorKind.InvalidRequest,
        Kind.Unknown => status >= 500 ? ErrorKind.ServerError : ErrorKind.Unknown,
        _ => ErrorKind.Unknown,
    };

    private static Kind Classify(int status, ServiceErrorBody? body)
    {
        var reason = body?.Reason;
        var code = body?.Code;
        var type = body?.Type;
        var google = body?.Status;

        if (Is(reason, AuthenticationReasons) || status == 401 || Is(google, "UNAUTHENTICATED")
            || Is(code, AuthenticationCodes) || Is(type, AuthenticationCodes)
            || (status is 400 or 403 && MentionsInvalidKey(body?.Message)))
        {
            return Kind.Authentication;
        }

        if (reason is not null && reason.StartsWith("API_KEY_", StringComparison.OrdinalIgnoreCase) && reason.EndsWith("_BLOCKED", StringComparison.OrdinalIgnoreCase))
        {
            return Kind.KeyRestricted;
        }

        if (status == 402 || Is(code, QuotaExhaustedCodes) || Is(type, QuotaExhaustedCodes)
            || (body?.Violations.Exists(v => v.IsDaily || v.IsZeroLimit) ?? false))
        {
            return Kind.QuotaExhausted;
        }

        if (status == 403 || Is(google, "PERMISSION_DENIED") || Is(code, PermissionCodes) || Is(type, PermissionCodes))
        {
            return Kind.PermissionDenied;
        }

        if (status == 429 || Is(google, "RESOURCE_EXHAUSTED") || Is(code, RateLimitCodes) || Is(type, RateLimitCodes))
        {
            return Kind.RateLimit;
        }

        if (status is 408 or 504 or 524 || Is(google, "DEADLINE_EXCEEDED"))
        {
            return Kind.Timeout;
        }

        if (status == 500 || Is(google, "INTERNAL"))
        {
            return Kind.Internal;
        }

        if (status >= 500 || Is(google, "UNAVAILABLE") || Is(type, OverloadCodes))
        {
            return Kind.Unavailable;
        }

        if (Is(code, SafetyCodes) || Is(type, SafetyCodes))
        {
            return Kind.SafetyRejected;
        }

        if (Is(google, "FAILED_PRECONDITION"))
        {
            return Kind.Precondition;
        }

        if (status == 404 || Is(google, "NOT_FOUND") || Is(code, "model_not_found"))
        {
            return Kind.NotFound;
        }

        if (status == 413)
        {
            return Kind.TooLarge;
        }

        return status is 400 or 405 or 411 or 415 or 422 || Is(google, "INVALID_ARGUMENT") || Is(google, "OUT_OF_RANGE")
            ? Kind.Invalid
            : Kind.Unknown;
    }

    private static bool MentionsInvalidKey(string? message) =>
        message is not null
        && (message.Contains("API key not valid", StringComparison.OrdinalIgnoreCase)
            || message.Contains("API key expired", StringComparison.OrdinalIgnoreCase)
            || message.Contains("Incorrect API key", StringComparison.OrdinalIgnoreCase));

    private static bool IsTransient(Kind kind, int status) => kind switch
    {
        Kind.RateLimit or Kind.Timeout or Kind.Internal => true,
        Kind.Unavailable => status is 502 or 503 or 520 or 521 or 522 or 523 or 529 || status < 500,
        _ => false,
    };

    private static ErrorOwner OwnerOf(Kind kind) => kind switch
    {
        Kind.Authentication or Kind.KeyRestricted => ErrorOwner.CredentialSetup,
        Kind.PermissionDenied or Kind.Precondition => ErrorOwner.ProjectOrPolicy,
        Kind.QuotaExhausted or Kind.RateLimit => ErrorOwner.QuotaAndTrafficShape,
        Kind.Timeout or Kind.Internal or Kind.Unavailable => ErrorOwner.CapacityOrGatewayPath,
        Kind.SafetyRejected => ErrorOwner.RequestAndParser,
        Kind.NotFound or Kind.TooLarge or Kind.Invalid => ErrorOwner.Caller,
        _ => ErrorOwner.Unknown,
    };

    private static string Headline(Kind kind, int status, ErrorContext context)
    {
        var where = $"{RouteLabel(context)} for model '{ModelName(context)}'";
        return kind switch
        {
            Kind.Authentication => $"The API key was rejected by {where}",
            Kind.KeyRestricted => $"The API key's restrictions blocked the call to {where}",
            Kind.PermissionDenied => $"Permission denied by {where}",
            Kind.Precondition => $"The project cannot make this call on {where}",
            Kind.QuotaExhausted => $"Quota or balance exhausted on {where}",
            Kind.RateLimit => $"Rate limited by {where}",
            Kind.Timeout => $"The service timed out on {where}",
            Kind.Internal => $"The service failed with an internal error on {where}",
            Kind.Unavailable => $"The service is unavailable or overloaded on {where}",
            Kind.SafetyRejected => $"The request was rejected on content policy by {where}",
            Kind.NotFound => $"The model or endpoint was not found on {where}",
            Kind.TooLarge => $"The request was too large for {where}",
            Kind.Invalid => $"The request was rejected as invalid by {where}",
            _ => $"The request to {where} failed with HTTP {status.ToString(CultureInfo.InvariantCulture)}",
        };
    }

    private static string NextMoveFor(Kind kind, ErrorContext context, ServiceErrorBody? body, TimeSpan? retryAfter)
    {
        var provider = context.Route == ImageRoute.Provider;
        var wait = retryAfter is { } hint ? $"for at least {FormatDuration(hint)} (the service's hint)" : "with exponential delays";
        return kind switch
        {
            Kind.Authentication when provider =>
                "Check the provider key sent as 'Authorization: Bearer': it may be revoked, expired or issued for another account or base URL; fix it in the provider's dashboard, then retest the same request.",
            Kind.Authentication =>
                "Check the key type, its restrictions and the project it is linked to; create or migrate to an AI Studio auth key, then retest the same request.",
            Kind.KeyRestricted =>
                $"The key's restrictions block this call ({body?.Reason}): allow the Generative Language API and this caller (IP address, referrer or app) in the key's settings, or create an AI Studio auth key without those restrictions, then retest the same request.",
            Kind.PermissionDenied when Is(body?.Reason, "SERVICE_DISABLED") =>
                $"Enable the Generative Language API on the project{Consumer(body)}{Link(body)}, wait a few minutes for it to take effect, then retest the same request. This is a permission problem, not a safety block or a file error.",
            Kind.PermissionDenied when Is(body?.Reason, "BILLING_DISABLED") =>
                $"Enable billing on the project{Consumer(body)} (image models need a paid tier), then retest the same request. This is a permission problem, not a safety block or a file error.",
            Kind.PermissionDenied when provider =>
                "Check the provider account: the key's access to this model, the account status and the provider's policy (some gateways answer 403 for moderation). Treat it as a permission problem, not a safety block or a file error, until the provider's logs say otherwise.",
            Kind.PermissionDenied =>
                "Check the project behind the key: the Generative Language API is enabled, billing is active, the model is available to the project and org policy allows the call. Treat it as a permission problem, not a safety block; if the request references uploaded files, confirm they belong to the same project and have not expired.",
            Kind.Precondition =>
                "Check the project's state: billing enabled (the free tier does not cover image models everywhere) and the caller's region supported; fix the project, then retest the same request.",
            Kind.QuotaExhausted when body?.Violations.Exists(v => v.IsZeroLimit) == true =>
                "Retrying now will not help: the project has no quota for this model on its current tier (limit 0). Enable billing or move the project to a paid tier, then retest the same request. Do not rotate keys: quota is per project, not per key.",
            Kind.QuotaExhausted when provider || body is { IsGoogle: false } =>
                $"Retrying now will not help: the {(provider ? "provider account's" : "account's")} quota or balance is exhausted{CodeNote(body)}. Top up the balance or raise the plan's limit in the provider's dashboard, then retest the same request. Do not rotate keys to get around it.",
            Kind.QuotaExhausted =>
                "Retrying now will not help: the project's daily quota (RPD) for this model is used up. Wait for the daily reset, move non-urgent work to Batch/Flex, and request a quota increase or a higher tier. Do not rotate keys: quota is per project, not per key.",
            Kind.RateLimit when provider =>
                $"Check the provider's status page and your plan's limits first: the gateway or its upstream limited the call, not necessarily Google. Back off {wait} with jitter, lower concurrency and batch non-urgent work; ask the provider for a higher limit if it persists. Never rotate keys to dodge the limit.",
            Kind.RateLimit when context.Lane == PriceLane.GoogleFlex =>
                $"Back off {wait} with jitter: Flex capacity is shared and sheds load first. Lower concurrency and retry later, or rerun urgent work on Standard only as a logged fallback; request quota if it persists. Never rotate keys: limits are per project, not per key.",
            Kind.RateLimit when context.Route == ImageRoute.Batch =>
                $"Back off {wait} with jitter; submit fewer jobs at once and spread submissions out (Batch limits enqueued tokens per model), check the project's live limits and request quota if it persists. Never rotate keys: limits are per project, not per key.",
            Kind.RateLimit =>
                $"Back off {wait} with jitter; lower concurrency, batch non-urgent work and move suitable jobs to Batch/Flex; check the project's live limits (RPM, TPM, RPD, images) and request a quota increase if it persists. Never rotate keys: limits are per project, not per key.",
            Kind.Timeout or Kind.Internal or Kind.Unavailable when provider =>
                "Check the provider's status page and its upstream route first, then Google's status; retry once within bounds, then switch route only with logs." + TimeoutNote(kind),
            Kind.Timeout or Kind.Internal or Kind.Unavailable when context.Lane == PriceLane.GoogleFlex =>
                "Flex sheds load first: retry once within bounds later; if it repeats, check Google's status page, then rerun on Standard only as a logged fallback." + TimeoutNote(kind),
            Kind.Timeout or Kind.Internal or Kind.Unavailable =>
                "Retry once within bounds with backoff; if it fails again, check Google's status page (aistudio.google.com/status) and your timeouts, then switch route only with logs." + TimeoutNote(kind),
            Kind.SafetyRejected =>
                $"The prompt or an input image was rejected on content policy{CodeNote(body)}: change them; this is a request problem, not an outage, so do not retry it unchanged.",
            Kind.NotFound =>
                $"Check the model id '{ModelName(context)}' and the endpoint for this route (API version, base URL{(provider ? ", the provider's model name" : string.Empty)}): the model may be unavailable on this route or retired. Retrying unchanged fails again.",
            Kind.TooLarge =>
                "Shrink the request: downscale or recompress input images, send fewer of them, or upload large files first. Retrying unchanged fails again.",
            Kind.Invalid =>
                "Fix the request before retrying, it fails unchanged: check the model id, the image size and aspect ratio this model supports, the parameters and the payload size against the service's message.",
            _ =>
                "Keep the reproduction packet and request id, check this status against the route's documentation, and retest the same request once before changing key, model or route.",
        };
    }

    private static string TimeoutNote(Kind kind) => kind == Kind.Timeout
        ? " The image may already have been generated and billed: check the cost record before retrying, and do not retry per-call-billed gateways blindly."
        : string.Empty;

    private static string Consumer(ServiceErrorBody? body) =>
        body?.Metadata.GetValueOrDefault("consumer") is { } consumer ? $" ({consumer})" : string.Empty;

    private static string Link(ServiceErrorBody? body) =>
        body?.HelpLinks.FirstOrDefault() is { } link ? $" at {link}" : string.Empty;

    private static string CodeNote(ServiceErrorBody? body) =>
        (body?.Code ?? body?.Type) is { } code ? $" ({code})" : string.Empty;

    private static string RouteLabel(ErrorContext context) => context.Route switch
    {
        ImageRoute.Provider => context.Provider is { Length: > 0 } name ? $"provider gateway '{name}'" : "the provider gateway",
        ImageRoute.Batch => context.Lane == PriceLane.GoogleFlex ? "Google (Flex tier)" : "Google (Batch)",
        _ => "Google (official route)",
    };

    private static string ModelName(ErrorContext context) => context.Model?.Requested ?? "unknown";

    private static string StatusPart(int? status, string? serviceStatus, string? errorCode, string? requestId)
    {
        var parts = new List<string>(3);
        if (status is { } code)
        {
            parts.Add(serviceStatus is null ? $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" : $"HTTP {code.ToString(CultureInfo.InvariantCulture)} {serviceStatus}");
        }
        else if (serviceStatus is not null)
        {
            parts.Add(serviceStatus);
        }

        if (errorCode is not null && !string.Equals(errorCode, serviceStatus, StringComparison.Ordinal))
        {
            parts.Add(errorCode);
        }

        parts.Add(requestId is null ? "no request id" : $"request id {requestId}");
        return string.Join(", ", parts);
    }

    private static string Compose(string what, string statusPart, ErrorOwner owner, string nextMove, string? secret) =>
        SecretRedactor.Redact($"{what} ({statusPart}). Likely owner: {OwnerLabel(owner)}. Next: {nextMove}", secret)!;

    /// <summary>How an owner reads in a message.</summary>
    /// <param name="owner">The owner.</param>
    /// <returns>Lowercase words, e.g. <c>quota and traffic shape</c>.</returns>
    internal static string OwnerLabel(ErrorOwner owner) => owner switch
    {
        ErrorOwner.CredentialSetup => "credential setup",
        ErrorOwner.ProjectOrPolicy => "project or policy owner",
        ErrorOwner.QuotaAndTrafficShape => "quota and traffic shape",
        ErrorOwner.RequestAndParser => "request and parser",
        ErrorOwner.CapacityOrGatewayPath => "capacity or gateway path",
        ErrorOwner.CostInstrumentation => "cost instrumentation",
        ErrorOwner.Caller => "caller (invalid request)",
        _ => "unknown",
    };

    private static ReproPacket Packet(
        ErrorContext context, int? status, string? serviceStatus, string? errorCode, string? requestId, string? endpoint, CostRecord? cost, string? billingFallback)
    {
        var secret = context.Secret;
        return new ReproPacket
        {
            RequestedModel = context.Model?.Requested ?? "unknown",
            ModelId = context.Model?.ModelId,
            Route = context.Route,
            Lane = context.Lane,
            Provider = context.Provider,
            ProjectId = context.ProjectId,
            KeyType = context.KeyType,
            KeyFingerprint = SecretRedactor.Fingerprint(secret),
            ImageSize = context.Size?.Value,
            AspectRatio = context.AspectRatio?.Value,
            PromptSha256 = context.Prompt is null ? null : SecretRedactor.Sha256Hex(context.Prompt),
            Prompt = context.IncludePromptInPacket ? SecretRedactor.Redact(context.Prompt, secret) : null,
            StatusCode = status,
            ServiceStatus = serviceStatus,
            ErrorCode = errorCode,
            RequestId = SecretRedactor.Redact(requestId, secret),
            ClientRequestId = SecretRedactor.Redact(context.ClientRequestId, secret),
            Endpoint = SecretRedactor.Redact(endpoint, secret),
            BillingEvidence = SecretRedactor.Redact(BillingEvidence(cost) ?? billingFallback, secret),
            OccurredAt = context.Time.GetUtcNow(),
        };
    }

    private static string? BillingEvidence(CostRecord? cost)
    {
        if (cost is null)
        {
            return null;
        }

        var parts = new List<string> { cost.Billable ? "billable" : "not billable" };
        if (cost.BillingNote is { Length: > 0 } note)
        {
            parts.Add(note);
        }

        if (cost.ReportedCostUsd is { } reported)
        {
            parts.Add($"reported {reported.ToString(CultureInfo.InvariantCulture)} USD");
        }
        else if (cost.EstimatedCostUsd is { } estimate)
        {
            parts.Add($"estimated {estimate.ToString(CultureInfo.InvariantCulture)} USD ({cost.PriceStatus})");
        }

        if (cost.Retries > 0)
        {
            parts.Add($"after {cost.Retries.ToString(CultureInfo.InvariantCulture)} retries");
        }

        return string.Join("; ", parts);
    }

    private static string? BodyText(ReadOnlySpan<byte> body, string? secret)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body.Length > MaxBodyBytesDecoded ? body[..MaxBodyBytesDecoded] : body);
        text = SecretRedactor.Redact(text, secret)!;
        return text.Length <= MaxBodyChars && body.Length <= MaxBodyBytesDecoded
            ? text
            : string.Concat(text.AsSpan(0, Math.Min(text.Length, MaxBodyChars)), $"… [truncated; {body.Length.ToString(CultureInfo.InvariantCulture)} bytes in all]");
    }

    private static string? EndpointOf(HttpRequestMessage? request) =>
        request?.RequestUri is { IsAbsoluteUri: true } uri ? $"{request.Method.Method} {uri.AbsolutePath}" : null;

    private static string? SanitizeEndpoint(string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            return null;
        }

        var cut = endpoint.IndexOfAny(['?', '#']);
        return cut < 0 ? endpoint : endpoint[..cut];
    }

    private static Exception? SanitizeInner(Exception? inner, string? secret) =>
        inner is not null && SecretRedactor.ContainsSecret(inner.ToString(), secret) ? new RedactedException(inner, secret) : inner;

    private static string? Clip(string? text, int max) =>
        text is null || text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static string FormatDuration(TimeSpan value) => value.TotalSeconds switch
    {
        < 1 => $"{Math.Round(value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms",
        < 120 => $"{Math.Round(value.TotalSeconds, 1).ToString(CultureInfo.InvariantCulture)} s",
        _ => $"{Math.Round(value.TotalMinutes, 1).ToString(CultureInfo.InvariantCulture)} min",
    };

    private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private static bool Is(string? value, string[] expected) =>
        value is not null && Array.Exists(expected, e => string.Equals(e, value, StringComparison.OrdinalIgnoreCase));

    /// <summary>Stands in for an inner exception whose text held a secret: keeps its type and redacted text, drops the original.</summary>
    private sealed class RedactedException(Exception original, string? secret)
        : Exception($"{original.GetType().FullName} (redacted): {SecretRedactor.Redact(original.Message, secret)}");
}

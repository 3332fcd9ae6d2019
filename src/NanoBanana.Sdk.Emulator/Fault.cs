namespace NanoBanana.Sdk.Emulator;

/// <summary>What kind of failure a <see cref="Fault"/> produces.</summary>
public enum FaultKind
{
    /// <summary>An HTTP error with the surface's error envelope (google.rpc.Status on Gemini surfaces, the OpenAI envelope on gateways).</summary>
    HttpError,

    /// <summary>An HTML error page, as a proxy or load balancer sends (typically 502).</summary>
    ProxyHtml,

    /// <summary>A wait before answering normally; it ends early when the client disconnects or the emulator stops.</summary>
    Delay,

    /// <summary>Half of the normal body is sent, then the connection is aborted.</summary>
    ConnectionReset,

    /// <summary>HTTP 200 whose body is the first half of the normal JSON, with a matching Content-Length.</summary>
    TruncatedJson,

    /// <summary>HTTP 200 whose body is not valid JSON.</summary>
    MalformedJson,

    /// <summary>HTTP 200 with text but no image.</summary>
    TextOnly,

    /// <summary>HTTP 200 with a candidate stopped for a reason such as <c>IMAGE_SAFETY</c>: no image, usage present.</summary>
    FinishReason,

    /// <summary>HTTP 200 with <c>promptFeedback.blockReason</c> and no candidates.</summary>
    PromptBlocked,

    /// <summary>A normal answer that names a different model than the one requested.</summary>
    ReturnedModel,

    /// <summary>
    /// On batch creation: the batch is accepted, then fails as a whole when it would start
    /// (<c>BATCH_STATE_FAILED</c>, <c>done: true</c> and an <c>error</c> Status). Elsewhere: an HTTP error with its status.
    /// </summary>
    BatchFailed,

    /// <summary>
    /// On batch creation: the batch expires (<c>BATCH_STATE_EXPIRED</c>) once <see cref="Fault.CompletedRequests"/> items
    /// have finished, and its results (file or inline) hold those items only. Elsewhere: an HTTP 504 error.
    /// </summary>
    BatchExpired,
}

/// <summary>
/// A failure the emulator plays instead of (or before) a normal answer. Build one with the static factories;
/// each surface renders it in its own wire shape.
/// </summary>
public sealed class Fault
{
    private Fault(FaultKind kind)
    {
        Kind = kind;
    }

    /// <summary>The kind of failure.</summary>
    public FaultKind Kind { get; }

    /// <summary>The HTTP status for <see cref="FaultKind.HttpError"/>, <see cref="FaultKind.ProxyHtml"/> and <see cref="FaultKind.BatchFailed"/> (504 for <see cref="FaultKind.BatchExpired"/>); 200 otherwise.</summary>
    public int StatusCode { get; private init; } = 200;

    /// <summary>The error message, or <see langword="null"/> for the service's usual message for the status.</summary>
    public string? Message { get; private init; }

    /// <summary>A <c>google.rpc.RetryInfo.retryDelay</c> such as <c>"37s"</c>, or <see langword="null"/> for none.</summary>
    public string? RetryDelay { get; private init; }

    /// <summary>A <c>Retry-After</c> header value (seconds or an HTTP date), or <see langword="null"/> for none.</summary>
    public string? RetryAfter { get; private init; }

    /// <summary>How long a <see cref="FaultKind.Delay"/> waits.</summary>
    public TimeSpan Duration { get; private init; }

    /// <summary>The finish reason or block reason of <see cref="FaultKind.FinishReason"/> and <see cref="FaultKind.PromptBlocked"/>.</summary>
    public string? Reason { get; private init; }

    /// <summary>The model name answered by <see cref="FaultKind.ReturnedModel"/>.</summary>
    public string? Model { get; private init; }

    /// <summary>The OpenAI error <c>type</c> on gateway surfaces (e.g. <c>insufficient_quota</c>), or <see langword="null"/> for the usual one for the status.</summary>
    public string? ErrorType { get; private init; }

    /// <summary>The OpenAI error <c>code</c> on gateway surfaces (e.g. <c>rate_limit_exceeded</c>), or <see langword="null"/> for the usual one for the status.</summary>
    public string? ErrorCode { get; private init; }

    /// <summary>
    /// For <see cref="FaultKind.ConnectionReset"/>: how many bytes get through before the connection is aborted — of the
    /// answer body (a download, a JSON answer), or of the request body for a resumable-upload chunk (the emulator keeps
    /// what it received, as Google's upload service does). <see langword="null"/>: half of the answer body.
    /// </summary>
    public long? ResetAfterBytes { get; private init; }

    /// <summary>For <see cref="FaultKind.BatchExpired"/>: how many items (in input order) finished before the batch expired.</summary>
    public int CompletedRequests { get; private init; }

    /// <summary>
    /// For an upstream-error fault (<see cref="UpstreamError"/>): the provider named in the gateway envelope's
    /// <c>error.metadata.provider_name</c>; <see langword="null"/> for a plain error.
    /// </summary>
    public string? UpstreamProvider { get; private init; }

    /// <summary>For an upstream-error fault: the HTTP status of the upstream (Google) error carried in <c>error.metadata.raw</c>.</summary>
    public int UpstreamStatusCode { get; private init; }

    /// <summary>An HTTP error in the surface's envelope (400, 401, 403, 404, 429, 500, 503, 504…).</summary>
    /// <param name="statusCode">The HTTP status, 400–599.</param>
    /// <param name="retryDelay">A <c>RetryInfo.retryDelay</c> detail such as <c>"37s"</c>; null for none.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> header value; null for none.</param>
    /// <param name="message">The error message; null for the usual one.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not 400–599.</exception>
    public static Fault Status(int statusCode, string? retryDelay = null, string? retryAfter = null, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new Fault(FaultKind.HttpError) { StatusCode = statusCode, RetryDelay = retryDelay, RetryAfter = retryAfter, Message = message };
    }

    /// <summary>
    /// An HTTP error whose OpenAI envelope (<c>{"error":{"message","type","param","code"}}</c>) carries
    /// <paramref name="type"/> and <paramref name="code"/>, e.g. 429 <c>insufficient_quota</c> rather than a rate limit.
    /// Gemini surfaces render it like <see cref="Status"/>.
    /// </summary>
    /// <param name="statusCode">The HTTP status, 400–599.</param>
    /// <param name="type">The error <c>type</c>, e.g. <c>insufficient_quota</c>, <c>invalid_request_error</c>.</param>
    /// <param name="code">The error <c>code</c>; null for JSON null.</param>
    /// <param name="message">The error message; null for the usual one.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> header value; null for none.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not 400–599.</exception>
    /// <exception cref="ArgumentException"><paramref name="type"/> is empty.</exception>
    public static Fault GatewayError(int statusCode, string type, string? code = null, string? message = null, string? retryAfter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new Fault(FaultKind.HttpError) { StatusCode = statusCode, RetryAfter = retryAfter, Message = message, ErrorType = type, ErrorCode = code };
    }

    /// <summary>An HTML error page like a proxy's.</summary>
    /// <param name="statusCode">The HTTP status, 400–599; default 502.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not 400–599.</exception>
    public static Fault ProxyHtml(int statusCode = 502)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new Fault(FaultKind.ProxyHtml) { StatusCode = statusCode };
    }

    /// <summary>
    /// Waits <paramref name="duration"/> (real clock) and then answers normally. The wait ends as soon as the
    /// client disconnects or the emulator stops: use it to exercise client timeouts.
    /// </summary>
    /// <param name="duration">How long to wait; positive.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    public static Fault Delay(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return new Fault(FaultKind.Delay) { Duration = duration };
    }

    /// <summary>Sends half of the normal body, then aborts the connection.</summary>
    /// <returns>The fault.</returns>
    public static Fault ConnectionReset() => new(FaultKind.ConnectionReset);

    /// <summary>
    /// Lets <paramref name="bytes"/> bytes through, then aborts the connection: of the answer body (e.g. a batch
    /// results download cut in the middle of a line; the full Content-Length is announced), or, on a resumable-upload
    /// chunk, of the chunk (the emulator keeps those bytes, so <c>X-Goog-Upload-Command: query</c> reports them).
    /// </summary>
    /// <param name="bytes">Bytes that get through; zero or more (clamped to the body's length).</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    public static Fault ConnectionResetAfter(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new Fault(FaultKind.ConnectionReset) { ResetAfterBytes = bytes };
    }

    /// <summary>
    /// Matched on batch creation (surface <see cref="FaultRequest.BatchGenerateContent"/>): the batch is created, then
    /// fails as a whole when it would start: <c>BATCH_STATE_FAILED</c>, <c>done: true</c>, <c>error</c> = a google.rpc.Status
    /// with the gRPC code of <paramref name="statusCode"/> and <paramref name="message"/>. On other surfaces it is an HTTP
    /// error like <see cref="Status"/>.
    /// </summary>
    /// <param name="statusCode">The HTTP status the error stands for (400–599; default 500 → gRPC 13 <c>INTERNAL</c>).</param>
    /// <param name="message">The error message; null for the usual one.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not 400–599.</exception>
    public static Fault BatchFailed(int statusCode = 500, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new Fault(FaultKind.BatchFailed) { StatusCode = statusCode, Message = message };
    }

    /// <summary>
    /// Matched on batch creation (surface <see cref="FaultRequest.BatchGenerateContent"/>): the batch expires
    /// (<c>BATCH_STATE_EXPIRED</c>, <c>done: true</c>) once <paramref name="completedRequests"/> items have finished,
    /// with partial results: <c>metadata.output</c> and <c>response</c> name a results file (or inline responses) holding
    /// those items only. On other surfaces it is an HTTP 504 error.
    /// </summary>
    /// <param name="completedRequests">Items finished before expiry; zero or more (clamped to the batch size).</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="completedRequests"/> is negative.</exception>
    public static Fault BatchExpires(int completedRequests)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(completedRequests);
        return new Fault(FaultKind.BatchExpired) { StatusCode = 504, CompletedRequests = completedRequests };
    }

    /// <summary>
    /// On gateway surfaces: the provider wraps an upstream (Google) error, as OpenRouter does:
    /// <c>{"error": {"message", "type", "code": statusCode, "metadata": {"raw": "&lt;the google.rpc.Status JSON as a string&gt;",
    /// "provider_name": "Google"}}}</c>. Gemini surfaces (and the pass-through) answer the upstream error itself.
    /// </summary>
    /// <param name="statusCode">The gateway's HTTP status, 400–599 (default 429).</param>
    /// <param name="upstreamStatusCode">The upstream error's HTTP status (400–599); default the same as <paramref name="statusCode"/>.</param>
    /// <param name="message">The gateway's message; null for <c>Provider returned error</c>.</param>
    /// <param name="providerName">The <c>provider_name</c>; default <c>Google</c>.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A status is not 400–599.</exception>
    /// <exception cref="ArgumentException"><paramref name="providerName"/> is empty.</exception>
    public static Fault UpstreamError(int statusCode = 429, int? upstreamStatusCode = null, string? message = null, string providerName = "Google")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        var upstream = upstreamStatusCode ?? statusCode;
        ArgumentOutOfRangeException.ThrowIfLessThan(upstream, 400, nameof(upstreamStatusCode));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(upstream, 599, nameof(upstreamStatusCode));
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        return new Fault(FaultKind.HttpError) { StatusCode = statusCode, Message = message, UpstreamProvider = providerName, UpstreamStatusCode = upstream };
    }

    /// <summary>HTTP 200 with the first half of the normal JSON and a Content-Length that matches it.</summary>
    /// <returns>The fault.</returns>
    public static Fault TruncatedJson() => new(FaultKind.TruncatedJson);

    /// <summary>HTTP 200 with a body that is not JSON.</summary>
    /// <returns>The fault.</returns>
    public static Fault MalformedJson() => new(FaultKind.MalformedJson);

    /// <summary>HTTP 200 with text but no image (the model declined to draw).</summary>
    /// <returns>The fault.</returns>
    public static Fault TextOnly() => new(FaultKind.TextOnly);

    /// <summary>HTTP 200 whose candidate stopped for <paramref name="finishReason"/>, with no image and with usage.</summary>
    /// <param name="finishReason">e.g. <c>IMAGE_SAFETY</c>, <c>SAFETY</c>, <c>PROHIBITED_CONTENT</c>, <c>NO_IMAGE</c>.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentException"><paramref name="finishReason"/> is empty.</exception>
    public static Fault FinishReason(string finishReason = "IMAGE_SAFETY")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(finishReason);
        return new Fault(FaultKind.FinishReason) { Reason = finishReason };
    }

    /// <summary>HTTP 200 with <c>promptFeedback.blockReason</c> and no candidates: the prompt itself was blocked.</summary>
    /// <param name="blockReason">e.g. <c>PROHIBITED_CONTENT</c>, <c>SAFETY</c>, <c>OTHER</c>.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentException"><paramref name="blockReason"/> is empty.</exception>
    public static Fault PromptBlocked(string blockReason = "PROHIBITED_CONTENT")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blockReason);
        return new Fault(FaultKind.PromptBlocked) { Reason = blockReason };
    }

    /// <summary>A normal answer that reports <paramref name="model"/> as the model that served it.</summary>
    /// <param name="model">The model name to answer with.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty.</exception>
    public static Fault ReturnedModel(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return new Fault(FaultKind.ReturnedModel) { Model = model };
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        FaultKind.HttpError when ErrorType is not null => $"{Kind} {StatusCode} {ErrorType}",
        FaultKind.HttpError when UpstreamProvider is not null => $"{Kind} {StatusCode} upstream {UpstreamProvider} {UpstreamStatusCode}",
        FaultKind.HttpError or FaultKind.ProxyHtml or FaultKind.BatchFailed => $"{Kind} {StatusCode}",
        FaultKind.Delay => $"{Kind} {Duration}",
        FaultKind.ConnectionReset when ResetAfterBytes is { } bytes => $"{Kind} after {bytes} bytes",
        FaultKind.FinishReason or FaultKind.PromptBlocked => $"{Kind} {Reason}",
        FaultKind.ReturnedModel => $"{Kind} {Model}",
        FaultKind.BatchExpired => $"{Kind} after {CompletedRequests} requests",
        FaultKind.ConnectionReset or FaultKind.TruncatedJson or FaultKind.MalformedJson or FaultKind.TextOnly => Kind.ToString(),
        _ => Kind.ToString(),
    };
}

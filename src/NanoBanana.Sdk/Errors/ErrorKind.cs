namespace NanoBanana.Sdk.Errors;

/// <summary>
/// What kind of failure a <see cref="NanoBananaException"/> is, as one value that retry predicates, telemetry and
/// batch items can branch on without type tests. The exception subtypes group these kinds; the kind is finer.
/// New kinds may be added: treat an unknown value like <see cref="Unknown"/>.
/// </summary>
public enum ErrorKind
{
    /// <summary>Not classified further: an unexpected status or an unknown error shape.</summary>
    Unknown = 0,

    /// <summary>The key was rejected (401, <c>UNAUTHENTICATED</c>, <c>API_KEY_INVALID</c>).</summary>
    Authentication = 1,

    /// <summary>The key's restrictions blocked the call (<c>API_KEY_SERVICE_BLOCKED</c>, referrer or IP restrictions).</summary>
    KeyRestricted = 2,

    /// <summary>Authenticated but not allowed (403 <c>PERMISSION_DENIED</c>, disabled API or billing, a provider's denial).</summary>
    PermissionDenied = 3,

    /// <summary>The project cannot make this call now (<c>FAILED_PRECONDITION</c>: region, billing or terms not set up).</summary>
    FailedPrecondition = 4,

    /// <summary>The request was rejected as invalid (400 <c>INVALID_ARGUMENT</c>, 422).</summary>
    InvalidRequest = 5,

    /// <summary>The model or endpoint does not exist here (404): a wrong id, a shut-down model or a wrong base URL.</summary>
    NotFound = 6,

    /// <summary>The request was too large (413).</summary>
    RequestTooLarge = 7,

    /// <summary>The request was refused on content policy before generation (a gateway's moderation error).</summary>
    ContentPolicy = 8,

    /// <summary>A per-minute rate limit (429): transient, back off honouring <see cref="NanoBananaException.RetryAfter"/>.</summary>
    RateLimited = 9,

    /// <summary>A daily or zero quota, or a gateway balance, is used up (429 daily quota, <c>insufficient_quota</c>, 402): not transient.</summary>
    QuotaExhausted = 10,

    /// <summary>The service timed out (504 <c>DEADLINE_EXCEEDED</c>, 408).</summary>
    ServiceTimeout = 11,

    /// <summary>The service failed internally (500 <c>INTERNAL</c>).</summary>
    ServerError = 12,

    /// <summary>The service or a gateway is unavailable or overloaded (502, 503 <c>UNAVAILABLE</c>, shed Flex capacity).</summary>
    ServiceUnavailable = 13,

    /// <summary>The client stopped waiting: the call's timeout fired before the answer ended. The image may have been generated.</summary>
    ClientTimeout = 14,

    /// <summary>The request never left this machine (DNS, connection refused, TLS): nothing can have been billed.</summary>
    ConnectionFailed = 15,

    /// <summary>The connection broke after the request was sent, before a complete answer: the image may have been generated.</summary>
    ConnectionLost = 16,

    /// <summary>The service answered without an image (safety finish, blocked prompt, text only).</summary>
    NoImage = 17,

    /// <summary>The answer could not be read (not JSON, wrong shape, cut off, an image over the configured limit).</summary>
    MalformedResponse = 18,

    /// <summary>
    /// A handler in the <see cref="HttpClient"/> pipeline refused the call before it was sent (an open circuit breaker,
    /// a rate limiter with no permit, or a handler that threw).
    /// </summary>
    RejectedByClientPipeline = 19,

    /// <summary>
    /// The request would pass a budget (per image, or a daily scope of the budget ledger) and was refused by
    /// <see cref="NanoBananaClient"/> before it was sent: see <see cref="BudgetExceededException"/>.
    /// </summary>
    BudgetExceeded = 20,
}

namespace NanoBanana.Sdk.Errors;

/// <summary>The classifier's pure decision for a status and an error body (see <see cref="Decide"/>).</summary>
/// <param name="Kind">The kind of failure.</param>
/// <param name="IsTransient">Whether the same request may succeed later.</param>
/// <param name="Owner">Who most likely has to act.</param>
/// <param name="RetryDelay">Google's <c>RetryInfo.retryDelay</c> from the body, when present.</param>
public readonly record struct ErrorDecision(ErrorKind Kind, bool IsTransient, ErrorOwner Owner, TimeSpan? RetryDelay)
{
    /// <summary>
    /// Classifies an error answer from its status and body without an <see cref="HttpResponseMessage"/>, the way the
    /// clients do: what a retry predicate or a rate limiter needs (a per-minute 429 is
    /// <see cref="ErrorKind.RateLimited"/>, a per-day one <see cref="ErrorKind.QuotaExhausted"/>).
    /// </summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The start of the error body (up to 64 KiB), possibly empty.</param>
    /// <returns>The decision.</returns>
    public static ErrorDecision Decide(int status, ReadOnlySpan<byte> body) => ErrorClassifier.Decide(status, body);
}

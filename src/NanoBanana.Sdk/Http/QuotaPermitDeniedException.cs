namespace NanoBanana.Sdk.Http;

/// <summary>
/// Thrown by a handler in a NanoBanana client's <see cref="HttpClient"/> pipeline (the per-project quota limiter of
/// <c>AddNanoBanana</c>, or your own) to refuse a request before it is sent because a client-side quota has no permit
/// left: a per-minute limit, a shared cooldown after a 429, or a daily limit. The client never lets it escape: it
/// becomes a <see cref="Errors.RateLimitException"/> carrying <see cref="RetryAfter"/>, or, for a daily limit, a
/// <see cref="Errors.QuotaExhaustedException"/>. Nothing was sent, so nothing was billed.
/// </summary>
public sealed class QuotaPermitDeniedException : Exception
{
    /// <summary>Creates the refusal.</summary>
    /// <param name="message">What was refused and why, naming the limit and the project (never a key).</param>
    /// <param name="retryAfter">When a permit can be expected, or <see langword="null"/> when unknown.</param>
    /// <param name="isDaily"><see langword="true"/> when a per-day limit is used up (waiting seconds will not help).</param>
    /// <param name="innerException">The cause (e.g. an unreachable quota store), if any.</param>
    public QuotaPermitDeniedException(string message, TimeSpan? retryAfter, bool isDaily, Exception? innerException = null)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
        IsDaily = isDaily;
    }

    /// <summary>Creates the refusal with no retry hint.</summary>
    public QuotaPermitDeniedException()
        : this("The client-side quota limiter refused the request.", null, false)
    {
    }

    /// <summary>Creates the refusal with no retry hint.</summary>
    /// <param name="message">What was refused and why.</param>
    public QuotaPermitDeniedException(string message)
        : this(message, null, false)
    {
    }

    /// <summary>Creates the refusal with no retry hint.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="innerException">The cause.</param>
    public QuotaPermitDeniedException(string message, Exception? innerException)
        : this(message, null, false, innerException)
    {
    }

    /// <summary>When a permit can be expected (the limiter's computed wait or the shared cooldown), or <see langword="null"/> when unknown.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary><see langword="true"/> when a per-day limit is used up; it resets at midnight Pacific time (<see cref="GoogleQuotaDay"/>).</summary>
    public bool IsDaily { get; }
}

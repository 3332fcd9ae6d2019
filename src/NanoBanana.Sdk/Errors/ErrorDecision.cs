namespace NanoBanana.Sdk.Errors;

/// <summary>The classifier's pure decision for a status and an error body (see <see cref="ErrorClassifier.Decide"/>).</summary>
/// <param name="Kind">The kind of failure.</param>
/// <param name="IsTransient">Whether the same request may succeed later.</param>
/// <param name="Owner">Who most likely has to act.</param>
/// <param name="RetryDelay">Google's <c>RetryInfo.retryDelay</c> from the body, when present.</param>
internal readonly record struct ErrorDecision(ErrorKind Kind, bool IsTransient, ErrorOwner Owner, TimeSpan? RetryDelay);

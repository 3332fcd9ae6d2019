using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Pricing;

/// <summary>
/// A sign that the bill for a call will be higher than the SDK's estimate — SPEC §7's "bill higher than estimate"
/// row. It is not an error (the call may well have succeeded): it says who should look and what to do.
/// </summary>
public sealed record CostAlert
{
    /// <summary>What was seen, one sentence each (a reported cost above the estimate, no price for a billable call, earlier attempts).</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>Who should look first: always <see cref="ErrorOwner.CostInstrumentation"/>.</summary>
    public ErrorOwner LikelyOwner => ErrorOwner.CostInstrumentation;

    /// <summary>What to check first.</summary>
    public string FirstCheck => "Check the image size actually billed, grounding queries, retries, duplicate jobs and the route's failed-call rule.";

    /// <summary>What to do next.</summary>
    public string NextMove => "Log this cost record for every request before launch and reconcile it with the billing report; fix the price row or the retry policy that explains the difference.";

    /// <summary>The reasons, the owner and the next move in one line.</summary>
    /// <returns>A readable summary.</returns>
    public override string ToString() => $"{string.Join(" ", Reasons)} Likely owner: cost instrumentation. {FirstCheck} {NextMove}";
}

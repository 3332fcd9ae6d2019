using System.Collections.ObjectModel;

namespace NanoBanana.Sdk.Pricing;

/// <summary>How a call ended, for billing: which failed calls a route charges for differs by route and gateway.</summary>
public enum BillingOutcome
{
    /// <summary>The call returned an image.</summary>
    Success = 0,

    /// <summary>HTTP 200 without an image: a safety block, text-only output or an empty candidate.</summary>
    NoImage = 1,

    /// <summary>The request was refused: HTTP 400, 401, 403 or 404 (also 402 balance errors on some gateways).</summary>
    ClientError = 2,

    /// <summary>HTTP 429: rate limit or quota exhausted.</summary>
    RateLimited = 3,

    /// <summary>HTTP 5xx: server or upstream error, overload.</summary>
    ServerError = 4,

    /// <summary>The client stopped waiting; the image may still have been generated.</summary>
    Timeout = 5,

    /// <summary>The caller cancelled the call; the image may still have been generated.</summary>
    Cancelled = 6,

    /// <summary>
    /// The request never left this machine (DNS failure, connection refused, TLS failure, a client-side circuit
    /// breaker or rate limiter): nothing was generated, no route bills it.
    /// </summary>
    NotSent = 7,

    /// <summary>
    /// The service answered with a success status, but the image could not be read: cut off in transit, larger
    /// than the configured maximum, or a body of the wrong shape. The image was most likely generated.
    /// </summary>
    Unreadable = 8,

    /// <summary>The connection broke after the request was sent and before any answer arrived; the image may have been generated.</summary>
    ConnectionLost = 9,
}

/// <summary>Whether a route charges for one <see cref="BillingOutcome"/>.</summary>
public enum FailedCallCharge
{
    /// <summary>Not charged.</summary>
    NotCharged = 0,

    /// <summary>Charged (once).</summary>
    Charged = 1,

    /// <summary>Charged only when the service's usage reports output or thinking tokens (something was generated).</summary>
    ChargedIfOutputTokens = 2,
}

/// <summary>What a failed-call rule says about one outcome.</summary>
public sealed record FailedCallTerm
{
    /// <summary>Whether the outcome is charged.</summary>
    public required FailedCallCharge Charge { get; init; }

    /// <summary>One line on why, in the source's own terms (e.g. "usually not").</summary>
    public required string Note { get; init; }
}

/// <summary>
/// A route's failed-call billing rule: for every <see cref="BillingOutcome"/>, whether it is billed and why,
/// with the rule's source. Gateways differ, so the rule is configurable per provider
/// (<see cref="PricingCatalog.WithFailedCallRule"/>); SPEC §6 asks that it be documented or observed before production.
/// </summary>
public sealed record FailedCallRule
{
    private readonly ReadOnlyDictionary<BillingOutcome, FailedCallTerm> _terms;

    /// <summary>
    /// Creates a rule. An outcome the rule does not name (including outcomes added in later SDK versions) is
    /// assumed billed, and <see cref="Describe"/> says so, so a new outcome never breaks a rule at run time.
    /// </summary>
    /// <param name="name">A short name for messages, e.g. <c>laozhang.ai</c>.</param>
    /// <param name="source">Where the rule comes from: a URL, document or observation.</param>
    /// <param name="terms">A term per <see cref="BillingOutcome"/> the rule knows about.</param>
    /// <exception cref="ArgumentException">A name or source is empty.</exception>
    public FailedCallRule(string name, string source, IReadOnlyDictionary<BillingOutcome, FailedCallTerm> terms)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(terms);
        Name = name;
        Source = source;
        _terms = new ReadOnlyDictionary<BillingOutcome, FailedCallTerm>(terms.ToDictionary());
    }

    /// <summary>The term used for an outcome the rule does not name: assumed billed, with a warning in the note.</summary>
    public static FailedCallTerm AssumedTerm { get; } = new()
    {
        Charge = FailedCallCharge.Charged,
        Note = "assumed billed: this rule does not name this outcome; add a term for it (FailedCallRule.WithTerm or configuration) once the route's rule is known",
    };

    /// <summary>A short name for messages.</summary>
    public string Name { get; }

    /// <summary>Where the rule comes from.</summary>
    public string Source { get; }

    /// <summary>The term for each outcome.</summary>
    public IReadOnlyDictionary<BillingOutcome, FailedCallTerm> Terms => _terms;

    /// <summary>
    /// Google (Standard, Batch, Flex): only a successful image is billed; a response without an image is billed
    /// only when its usage reports output or thinking tokens; refused, rate-limited and failed calls are not billed.
    /// </summary>
    public static FailedCallRule Google { get; } = new(
        "Google",
        "https://ai.google.dev/gemini-api/docs/pricing (read 2026-10-08: image output is billed as output tokens; thought images are not charged)",
        new Dictionary<BillingOutcome, FailedCallTerm>
        {
            [BillingOutcome.Success] = new() { Charge = FailedCallCharge.Charged, Note = "a returned image is billed as output tokens" },
            [BillingOutcome.NoImage] = new() { Charge = FailedCallCharge.ChargedIfOutputTokens, Note = "what was generated is charged as output tokens (usage output or thinking tokens > 0); nothing is billed when usage reports none" },
            [BillingOutcome.ClientError] = new() { Charge = FailedCallCharge.NotCharged, Note = "a refused request (400/401/403/404) generates nothing and is not billed" },
            [BillingOutcome.RateLimited] = new() { Charge = FailedCallCharge.NotCharged, Note = "a 429 is refused before generation and is not billed" },
            [BillingOutcome.ServerError] = new() { Charge = FailedCallCharge.NotCharged, Note = "a 5xx returns no output and is not billed" },
            [BillingOutcome.Timeout] = new() { Charge = FailedCallCharge.NotCharged, Note = "not billed by this rule; a request the client stopped waiting for may still have completed on Google's side, so check usage in the project's billing reports" },
            [BillingOutcome.Cancelled] = new() { Charge = FailedCallCharge.NotCharged, Note = "not billed by this rule; a cancelled request may still have completed on Google's side, so check usage in the project's billing reports" },
            [BillingOutcome.NotSent] = new() { Charge = FailedCallCharge.NotCharged, Note = "the request never reached Google" },
            [BillingOutcome.Unreadable] = new() { Charge = FailedCallCharge.Charged, Note = "Google answered with a success status, so the image was generated and is billed as output tokens even though it could not be read" },
            [BillingOutcome.ConnectionLost] = new() { Charge = FailedCallCharge.NotCharged, Note = "not billed by this rule; the request reached Google and may still have completed, so check usage in the project's billing reports" },
        });

    /// <summary>
    /// laozhang.ai's public rule (WIRE.md, 2026-10): 400 and 401 not charged; 429 and 5xx "usually not"; a safety
    /// block or any HTTP 200 without an image charged once; a client timeout may already have been generated and billed.
    /// </summary>
    public static FailedCallRule LaozhangAi { get; } = new(
        "laozhang.ai",
        "laozhang.ai public docs via NanoBanana WIRE.md \"Failed-call billing\" (2026-10)",
        new Dictionary<BillingOutcome, FailedCallTerm>
        {
            [BillingOutcome.Success] = new() { Charge = FailedCallCharge.Charged, Note = "a returned image is charged per call" },
            [BillingOutcome.NoImage] = new() { Charge = FailedCallCharge.Charged, Note = "a safety block or any HTTP 200 without an image is charged once; do not retry it unchanged" },
            [BillingOutcome.ClientError] = new() { Charge = FailedCallCharge.NotCharged, Note = "400 and 401 are not charged (the docs name those two; 403/404 assumed the same)" },
            [BillingOutcome.RateLimited] = new() { Charge = FailedCallCharge.NotCharged, Note = "429 is \"usually not\" charged per the docs; check the call log" },
            [BillingOutcome.ServerError] = new() { Charge = FailedCallCharge.NotCharged, Note = "503/5xx are \"usually not\" charged per the docs; check the call log" },
            [BillingOutcome.Timeout] = new() { Charge = FailedCallCharge.Charged, Note = "after a client timeout the image may already have been generated and billed; the docs advise 360 s timeouts (600 s for 4K) and no automatic retries" },
            [BillingOutcome.Cancelled] = new() { Charge = FailedCallCharge.Charged, Note = "like a timeout: after the client cancels, the image may already have been generated and billed" },
            [BillingOutcome.NotSent] = new() { Charge = FailedCallCharge.NotCharged, Note = "the request never reached the gateway" },
            [BillingOutcome.Unreadable] = new() { Charge = FailedCallCharge.Charged, Note = "the gateway answered 200, so the call is charged per call even though the image could not be read" },
            [BillingOutcome.ConnectionLost] = new() { Charge = FailedCallCharge.Charged, Note = "like a timeout: the request reached the gateway, so the image may already have been generated and billed" },
        });

    /// <summary>
    /// For a provider whose rule is not documented yet: assumes a charge wherever an image may have been
    /// generated (no image, 5xx, timeout, cancellation) until the rule is proven (SPEC §6) and configured.
    /// </summary>
    public static FailedCallRule UnprovenProvider { get; } = new(
        "unproven provider rule",
        "SDK assumption until the provider's failed-call rule is documented or observed (SPEC §6)",
        new Dictionary<BillingOutcome, FailedCallTerm>
        {
            [BillingOutcome.Success] = new() { Charge = FailedCallCharge.Charged, Note = "a returned image is charged" },
            [BillingOutcome.NoImage] = new() { Charge = FailedCallCharge.Charged, Note = "assumed charged: the provider's rule for HTTP 200 without an image is not configured" },
            [BillingOutcome.ClientError] = new() { Charge = FailedCallCharge.NotCharged, Note = "assumed not charged: the request was refused before generation" },
            [BillingOutcome.RateLimited] = new() { Charge = FailedCallCharge.NotCharged, Note = "assumed not charged: the request was refused before generation" },
            [BillingOutcome.ServerError] = new() { Charge = FailedCallCharge.Charged, Note = "assumed charged: an upstream error may follow a generated image; configure the provider's rule" },
            [BillingOutcome.Timeout] = new() { Charge = FailedCallCharge.Charged, Note = "assumed charged: the image may have been generated after the client stopped waiting" },
            [BillingOutcome.Cancelled] = new() { Charge = FailedCallCharge.Charged, Note = "assumed charged: the image may have been generated after the client cancelled" },
            [BillingOutcome.NotSent] = new() { Charge = FailedCallCharge.NotCharged, Note = "the request never reached the provider" },
            [BillingOutcome.Unreadable] = new() { Charge = FailedCallCharge.Charged, Note = "assumed charged: the provider answered with a success status" },
            [BillingOutcome.ConnectionLost] = new() { Charge = FailedCallCharge.Charged, Note = "assumed charged: the request reached the provider, so the image may have been generated" },
        });

    /// <summary>Returns a copy of this rule with one outcome's term replaced.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="term">Its new term.</param>
    /// <param name="source">The new rule's source, or <see langword="null"/> to keep this one's.</param>
    /// <returns>The new rule; this one is unchanged.</returns>
    public FailedCallRule WithTerm(BillingOutcome outcome, FailedCallTerm term, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(term);
        var terms = new Dictionary<BillingOutcome, FailedCallTerm>(_terms) { [outcome] = term };
        return new FailedCallRule(Name, source ?? Source, terms);
    }

    /// <summary>Whether a call that ended with <paramref name="outcome"/> is billable under this rule.</summary>
    /// <param name="outcome">How the call ended.</param>
    /// <param name="usage">The usage the service reported, if any (decides <see cref="FailedCallCharge.ChargedIfOutputTokens"/>).</param>
    /// <returns><see langword="true"/> when the call is (or may already have been) billed.</returns>
    public bool IsBillable(BillingOutcome outcome, TokenUsage? usage) => Term(outcome).Charge switch
    {
        FailedCallCharge.Charged => true,
        FailedCallCharge.ChargedIfOutputTokens => ReportsOutput(usage),
        _ => false,
    };

    /// <summary>One line on why <paramref name="outcome"/> is or is not billed, naming the rule.</summary>
    /// <param name="outcome">How the call ended.</param>
    /// <returns>E.g. <c>laozhang.ai rule: NoImage billed — a safety block or any HTTP 200 without an image is charged once …</c>.</returns>
    public string Describe(BillingOutcome outcome)
    {
        var term = Term(outcome);
        var verdict = term.Charge switch
        {
            FailedCallCharge.Charged => "billed",
            FailedCallCharge.ChargedIfOutputTokens => "billed only if usage reports output tokens",
            _ => "not billed",
        };
        return $"{Name} rule: {outcome} {verdict} — {term.Note} (source: {Source}).";
    }

    /// <summary>Whether this rule names <paramref name="outcome"/>; an unnamed outcome is billed under <see cref="AssumedTerm"/>.</summary>
    /// <param name="outcome">How the call ended.</param>
    /// <returns><see langword="true"/> when the rule has its own term for the outcome.</returns>
    public bool Names(BillingOutcome outcome) => _terms.ContainsKey(outcome);

    private FailedCallTerm Term(BillingOutcome outcome) => _terms.TryGetValue(outcome, out var term) ? term : AssumedTerm;

    // Thinking tokens are billed as output: a Gemini 3 answer stopped by a safety filter after thinking is not free.
    private static bool ReportsOutput(TokenUsage? usage) =>
        usage is not null && (usage.OutputTokens > 0 || usage.OutputImageTokens > 0 || usage.OutputTextTokens > 0 || usage.ThoughtTokens > 0);
}

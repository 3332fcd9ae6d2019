namespace NanoBanana.Sdk.Errors;

/// <summary>
/// <see cref="NanoBananaClient"/> refused a request before sending it: its estimate would pass a budget — the
/// per-image limit or a daily scope of the <see cref="IBudgetLedger"/> (<c>total</c>, <c>route:…</c>, <c>model:…</c>).
/// Not transient within the day for a daily scope; owner <see cref="ErrorOwner.CostInstrumentation"/>. Nothing was
/// sent, so nothing was billed for the refused plan.
/// </summary>
public sealed class BudgetExceededException : NanoBananaException
{
    internal BudgetExceededException(ErrorDetails details, string scope, decimal limitUsd, decimal spentUsd, decimal estimateUsd, RoutePlan plan)
        : base(details, innerException: null)
    {
        Scope = scope;
        LimitUsd = limitUsd;
        SpentUsd = spentUsd;
        EstimateUsd = estimateUsd;
        Plan = plan;
    }

    /// <summary>The budget passed: <c>per-image</c>, or a ledger scope such as <c>total</c> or <c>route:Official</c>.</summary>
    public string Scope { get; }

    /// <summary>The budget's limit in USD.</summary>
    public decimal LimitUsd { get; }

    /// <summary>What the scope had spent on the quota day (0 for the per-image budget).</summary>
    public decimal SpentUsd { get; }

    /// <summary>The estimate of the refused request, in USD.</summary>
    public decimal EstimateUsd { get; }

    /// <summary>By how much the request would pass the limit, in USD.</summary>
    public decimal OverByUsd => SpentUsd + EstimateUsd - LimitUsd;

    /// <summary>The refused plan.</summary>
    public RoutePlan Plan { get; }
}

namespace NanoBanana.Sdk;

/// <summary>
/// Running spend totals in USD that daily budgets are checked against, per scope (for example <c>total</c>,
/// <c>route:Official</c>, <c>model:gemini-3-pro-image</c>) and per <see cref="GoogleQuotaDay">quota day</see>.
/// A request reserves its estimate on every scope it counts against, all or nothing, before it is sent, and settles
/// the reservation with what it actually cost when it ends. The default ledger is in process
/// (<see cref="InMemoryBudgetLedger"/>); a shared one (Redis) lets every instance of an app spend one budget.
/// </summary>
public interface IBudgetLedger
{
    /// <summary>
    /// Adds <see cref="BudgetCharge.AmountUsd"/> to every scope of <paramref name="charge"/> if no scope would pass its
    /// limit; otherwise adds nothing and names the first scope that would.
    /// </summary>
    /// <param name="charge">The amount, the day and the scopes with their limits.</param>
    /// <param name="cancellationToken">Cancels the reservation.</param>
    /// <returns>Whether the amount was reserved, and on refusal which budget and by how much.</returns>
    ValueTask<BudgetReservation> TryReserveAsync(BudgetCharge charge, CancellationToken cancellationToken = default);

    /// <summary>Replaces an accepted reservation's amount with what the call actually cost (0 when it was not billed).</summary>
    /// <param name="reservation">A reservation returned accepted by <see cref="TryReserveAsync"/>.</param>
    /// <param name="actualUsd">The actual cost in USD.</param>
    /// <param name="cancellationToken">Cancels the settlement.</param>
    /// <returns>A task that completes when the totals are updated.</returns>
    ValueTask SettleAsync(BudgetReservation reservation, decimal actualUsd, CancellationToken cancellationToken = default);

    /// <summary>The amount spent (settled plus still reserved) on <paramref name="scope"/> on <paramref name="day"/>.</summary>
    /// <param name="scope">The scope, e.g. <c>total</c>.</param>
    /// <param name="day">The quota day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The total in USD, 0 when nothing was spent.</returns>
    ValueTask<decimal> GetSpentAsync(string scope, DateOnly day, CancellationToken cancellationToken = default);
}

/// <summary>An amount to reserve against one or more budget scopes on one day.</summary>
public sealed class BudgetCharge
{
    /// <summary>The quota day (see <see cref="GoogleQuotaDay"/>).</summary>
    public required DateOnly Day { get; init; }

    /// <summary>The amount in USD (an estimate that includes retries and the failed-call rule).</summary>
    public required decimal AmountUsd { get; init; }

    /// <summary>The scopes the amount counts against, each with its limit (<see langword="null"/>: counted, not limited).</summary>
    public required IReadOnlyList<BudgetLimit> Limits { get; init; }
}

/// <summary>One budget scope and its daily limit.</summary>
public sealed class BudgetLimit
{
    /// <summary>The scope, e.g. <c>total</c>, <c>route:Official</c>, <c>model:gemini-3-pro-image</c>.</summary>
    public required string Scope { get; init; }

    /// <summary>The limit in USD per day, or <see langword="null"/> when the scope is only counted.</summary>
    public decimal? LimitUsd { get; init; }
}

/// <summary>The outcome of <see cref="IBudgetLedger.TryReserveAsync"/>.</summary>
public sealed class BudgetReservation
{
    /// <summary>Whether the amount was reserved on every scope.</summary>
    public required bool Accepted { get; init; }

    /// <summary>The charge this reservation answers.</summary>
    public required BudgetCharge Charge { get; init; }

    /// <summary>On refusal: the scope whose limit the charge would pass.</summary>
    public string? RefusedScope { get; init; }

    /// <summary>On refusal: that scope's limit in USD.</summary>
    public decimal? LimitUsd { get; init; }

    /// <summary>On refusal: what that scope had already spent on the day, in USD.</summary>
    public decimal? SpentUsd { get; init; }

    /// <summary>On refusal: by how much the charge would pass the limit, in USD.</summary>
    public decimal? OverByUsd => Accepted || LimitUsd is null || SpentUsd is null ? null : SpentUsd + Charge.AmountUsd - LimitUsd;
}

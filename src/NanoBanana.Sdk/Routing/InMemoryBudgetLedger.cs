namespace NanoBanana.Sdk;

/// <summary>
/// The in-process <see cref="IBudgetLedger"/>: exact within one process, not shared between instances.
/// Keeps the current and previous quota days and forgets older ones.
/// </summary>
public sealed class InMemoryBudgetLedger : IBudgetLedger
{
    private readonly Dictionary<(string Scope, DateOnly Day), decimal> _spent = new();
    private readonly object _gate = new();
    private DateOnly _newestDay;

    /// <inheritdoc />
    public ValueTask<BudgetReservation> TryReserveAsync(BudgetCharge charge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(charge);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Forget(charge.Day);
            foreach (var limit in charge.Limits)
            {
                var spent = _spent.GetValueOrDefault((limit.Scope, charge.Day));
                if (limit.LimitUsd is { } max && spent + charge.AmountUsd > max)
                {
                    return new(new BudgetReservation { Accepted = false, Charge = charge, RefusedScope = limit.Scope, LimitUsd = max, SpentUsd = spent });
                }
            }

            foreach (var limit in charge.Limits)
            {
                _spent[(limit.Scope, charge.Day)] = _spent.GetValueOrDefault((limit.Scope, charge.Day)) + charge.AmountUsd;
            }
        }

        return new(new BudgetReservation { Accepted = true, Charge = charge });
    }

    /// <inheritdoc />
    public ValueTask SettleAsync(BudgetReservation reservation, decimal actualUsd, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!reservation.Accepted)
        {
            throw new ArgumentException("Only an accepted reservation can be settled.", nameof(reservation));
        }

        var delta = actualUsd - reservation.Charge.AmountUsd;
        lock (_gate)
        {
            foreach (var limit in reservation.Charge.Limits)
            {
                var key = (limit.Scope, reservation.Charge.Day);
                if (_spent.TryGetValue(key, out var spent))
                {
                    _spent[key] = spent + delta;
                }
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<decimal> GetSpentAsync(string scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        lock (_gate)
        {
            return new(_spent.GetValueOrDefault((scope, day)));
        }
    }

    private void Forget(DateOnly day)
    {
        if (day <= _newestDay)
        {
            return;
        }

        _newestDay = day;
        foreach (var key in _spent.Keys.Where(k => k.Day < day.AddDays(-1)).ToList())
        {
            _spent.Remove(key);
        }
    }
}

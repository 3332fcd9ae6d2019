namespace NanoBanana.Sdk.Emulator;

/// <summary>
/// The scripted failures of an emulator: rules are tried in the order they were enqueued, and the first one
/// that matches a request and is not used up answers it. Thread-safe.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<(FaultRule Rule, int Left)> _rules = [];

    /// <summary>How many rules still have uses left.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _rules.Count;
            }
        }
    }

    /// <summary>Adds a rule after the existing ones.</summary>
    /// <param name="rule">The rule.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="FaultRule.Times"/> is less than 1.</exception>
    public void Enqueue(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(rule.Fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Times, 1, nameof(rule));
        lock (_gate)
        {
            _rules.Add((rule, rule.Times));
        }
    }

    /// <summary>Drops every rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>The rules with uses left, in order, with how many uses each has left.</summary>
    internal IReadOnlyList<(FaultRule Rule, int Left)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _rules];
        }
    }

    /// <summary>Takes one use of the first rule matching <paramref name="request"/>; surfaces call this once per request.</summary>
    internal Fault? TryTake(FaultRequest request)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, left) = _rules[i];
                if (!rule.Match.Matches(request))
                {
                    continue;
                }

                if (left == 1)
                {
                    _rules.RemoveAt(i);
                }
                else
                {
                    _rules[i] = (rule, left - 1);
                }

                return rule.Fault;
            }
        }

        return null;
    }
}

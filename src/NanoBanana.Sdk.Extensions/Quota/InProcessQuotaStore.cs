using System.Collections.Concurrent;

namespace NanoBanana.Sdk.Quota;

/// <summary>
/// Counts in this process on a <see cref="TimeProvider"/>: exact sliding 60-second windows (a log of the admitted
/// costs, so no window ever holds more than the limit, whichever way the service slices its minute), a per-day count
/// that resets at midnight Pacific time, and the cooldown after a 429. No allocation per acquire once a partition's
/// logs have grown to their steady size.
/// </summary>
internal sealed class InProcessQuotaStore(TimeProvider time) : IQuotaStore
{
    private static readonly long WindowTicks = QuotaRules.Window.Ticks;
    private readonly ConcurrentDictionary<QuotaKey, Partition> _partitions = new();

    public bool IsShared => false;

    public QuotaDecision TryAcquire(QuotaKey key, QuotaCost cost, QuotaRules rules)
    {
        var partition = _partitions.GetOrAdd(key, static _ => new Partition());
        var now = time.GetUtcNow().UtcTicks;
        lock (partition)
        {
            return partition.TryAcquire(now, cost, rules);
        }
    }

    public ValueTask<QuotaDecision> TryAcquireAsync(QuotaKey key, QuotaCost cost, QuotaRules rules, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(TryAcquire(key, cost, rules));
    }

    public ValueTask SetCooldownAsync(QuotaKey key, TimeSpan duration, CancellationToken cancellationToken)
    {
        var partition = _partitions.GetOrAdd(key, static _ => new Partition());
        var until = time.GetUtcNow().UtcTicks + duration.Ticks;
        lock (partition)
        {
            partition.CooldownUntil = Math.Max(partition.CooldownUntil, until);
        }

        return default;
    }

    public void Dispose()
    {
    }

    private sealed class Partition
    {
        private readonly SlidingLog?[] _logs = new SlidingLog?[3];
        private long _dayEnd;
        private long _dayCount;

        public long CooldownUntil { get; set; }

        public QuotaDecision TryAcquire(long now, in QuotaCost cost, QuotaRules rules)
        {
            if (now < CooldownUntil)
            {
                return new QuotaDecision(false, TimeSpan.FromTicks(CooldownUntil - now), QuotaRule.Cooldown);
            }

            if (rules.RequestsPerDay > 0 && cost.Requests > 0)
            {
                if (now >= _dayEnd)
                {
                    _dayEnd = GoogleQuotaDay.NextReset(new DateTimeOffset(now, TimeSpan.Zero)).UtcTicks;
                    _dayCount = 0;
                }

                if (_dayCount + Math.Min(cost.Requests, rules.RequestsPerDay) > rules.RequestsPerDay)
                {
                    return new QuotaDecision(false, TimeSpan.FromTicks(_dayEnd - now), QuotaRule.RequestsPerDay);
                }
            }

            long wait = 0;
            var rule = QuotaRule.None;
            for (var i = 0; i < _logs.Length; i++)
            {
                var (limit, amount) = rules.Minute(i, cost);
                if (limit <= 0 || amount <= 0)
                {
                    continue;
                }

                var log = _logs[i] ??= new SlidingLog();
                log.Trim(now - WindowTicks);
                var w = log.WaitFor(Math.Min(amount, limit), limit, now, WindowTicks);
                if (w > wait)
                {
                    wait = w;
                    rule = (QuotaRule)(i + 1);
                }
            }

            if (rule != QuotaRule.None)
            {
                return new QuotaDecision(false, TimeSpan.FromTicks(wait), rule);
            }

            for (var i = 0; i < _logs.Length; i++)
            {
                var (limit, amount) = rules.Minute(i, cost);
                if (limit > 0 && amount > 0)
                {
                    _logs[i]!.Add(now, Math.Min(amount, limit));
                }
            }

            if (rules.RequestsPerDay > 0 && cost.Requests > 0)
            {
                _dayCount += Math.Min(cost.Requests, rules.RequestsPerDay);
            }

            return QuotaDecision.Admit;
        }
    }

    /// <summary>The admitted costs of the last window, oldest first, in a ring that grows as needed.</summary>
    private sealed class SlidingLog
    {
        private long[] _times = new long[8];
        private int[] _costs = new int[8];
        private int _head;
        private int _count;
        private long _sum;

        /// <summary>Drops entries at or before <paramref name="cutoff"/> (a window is <c>(now − 60 s, now]</c>).</summary>
        public void Trim(long cutoff)
        {
            while (_count > 0 && _times[_head] <= cutoff)
            {
                _sum -= _costs[_head];
                _head = (_head + 1) % _times.Length;
                _count--;
            }
        }

        /// <summary>Ticks until <paramref name="cost"/> fits under <paramref name="limit"/>: 0 when it fits now.</summary>
        public long WaitFor(int cost, int limit, long now, long window)
        {
            var excess = _sum + cost - limit;
            if (excess <= 0)
            {
                return 0;
            }

            long freed = 0;
            for (var k = 0; k < _count; k++)
            {
                var i = (_head + k) % _times.Length;
                freed += _costs[i];
                if (freed >= excess)
                {
                    // The entry leaves the window once now − time ≥ window.
                    return Math.Max(1, _times[i] + window - now);
                }
            }

            return window;
        }

        public void Add(long now, int cost)
        {
            if (_count == _times.Length)
            {
                Grow();
            }

            var tail = (_head + _count) % _times.Length;
            _times[tail] = now;
            _costs[tail] = cost;
            _count++;
            _sum += cost;
        }

        private void Grow()
        {
            var times = new long[_times.Length * 2];
            var costs = new int[_times.Length * 2];
            for (var k = 0; k < _count; k++)
            {
                var i = (_head + k) % _times.Length;
                times[k] = _times[i];
                costs[k] = _costs[i];
            }

            _times = times;
            _costs = costs;
            _head = 0;
        }
    }
}

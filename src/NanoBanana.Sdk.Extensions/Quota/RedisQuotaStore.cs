using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace NanoBanana.Sdk.Quota;

/// <summary>
/// The shared store: one Lua script per acquire (one round trip), on the Redis server's clock (<c>TIME</c>), never an
/// instance's. Per partition the keys share one hash slot (<c>{prefix:project|model}</c>) and expire on their own: the
/// per-minute window log a minute after its last entry, the day count an hour after midnight Pacific.
/// </summary>
internal sealed partial class RedisQuotaStore : IQuotaStore
{
    // KEYS: 1 state hash (running sums s1..s3 of the window, sequence q), 2 the window log (a sorted set scored by
    // admission time in µs, members "time:seq:requests:images:tokens"; the three per-minute limits share it, as they
    // share admission times), 3 day hash (start, n), 4 cooldown (until, µs).
    // ARGV: 1 window µs, 2..7 (limit, cost) per minute rule, 8 day limit, 9 day cost, 10.. midnight-Pacific instants (µs).
    // Returns {admitted, wait µs, rule}: rule 1..3 a per-minute limit, 4 the day, 5 the cooldown.
    private const string AcquireScript = """
        local function fmt(x) return string.format('%.0f', x) end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local cool = tonumber(redis.call('GET', KEYS[4]) or '0')
        if cool > now then return {0, cool - now, 5} end
        local dayStart, dayEnd, dayCount = nil, nil, 0
        local rpdLimit, rpdCost = tonumber(ARGV[8]), tonumber(ARGV[9])
        if rpdLimit > 0 and rpdCost > 0 then
          for k = 10, #ARGV - 1 do
            local b, nb = tonumber(ARGV[k]), tonumber(ARGV[k + 1])
            if b <= now and now < nb then dayStart, dayEnd = b, nb end
          end
          if not dayStart then
            return redis.error_reply('ERR NanoBanana quota: this instance clock is more than a day away from the Redis clock')
          end
          local d = redis.call('HMGET', KEYS[3], 'start', 'n')
          if d[1] and tonumber(d[1]) == dayStart then dayCount = tonumber(d[2]) end
          if rpdCost > rpdLimit then rpdCost = rpdLimit end
          if dayCount + rpdCost > rpdLimit then return {0, dayEnd - now, 4} end
        end
        local window = tonumber(ARGV[1])
        local limits, costs, active = {}, {0, 0, 0}, false
        for i = 1, 3 do
          local limit, cost = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
          if limit > 0 and cost > 0 then
            if cost > limit then cost = limit end
            limits[i], costs[i], active = limit, cost, true
          end
        end
        if active then
          local cutoff = fmt(now - window)
          local stored = redis.call('HMGET', KEYS[1], 's1', 's2', 's3')
          local sums = {tonumber(stored[1] or '0'), tonumber(stored[2] or '0'), tonumber(stored[3] or '0')}
          local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', cutoff)
          if #old > 0 then
            for _, m in ipairs(old) do
              local a, b, c = string.match(m, ':(%d+):(%d+):(%d+)$')
              sums[1], sums[2], sums[3] = sums[1] - tonumber(a), sums[2] - tonumber(b), sums[3] - tonumber(c)
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', cutoff)
            if redis.call('ZCARD', KEYS[2]) == 0 then sums = {0, 0, 0} end
            for i = 1, 3 do if sums[i] < 0 then sums[i] = 0 end end
            redis.call('HSET', KEYS[1], 's1', fmt(sums[1]), 's2', fmt(sums[2]), 's3', fmt(sums[3]))
          end
          local wait, rule = 0, 0
          for i = 1, 3 do
            if limits[i] then
              local excess = sums[i] + costs[i] - limits[i]
              if excess > 0 then
                local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
                local freed, at = 0, nil
                for j = 1, #entries, 2 do
                  local parts = {string.match(entries[j], ':(%d+):(%d+):(%d+)$')}
                  freed = freed + tonumber(parts[i])
                  if freed >= excess then at = tonumber(entries[j + 1]); break end
                end
                local w = window
                if at then w = at + window - now end
                if w < 1 then w = 1 end
                if w > wait then wait, rule = w, i end
              end
            end
          end
          if rule > 0 then return {0, wait, rule} end
          local seq = redis.call('HINCRBY', KEYS[1], 'q', 1)
          local ttl = math.floor(window / 1000) + 1000
          redis.call('ZADD', KEYS[2], fmt(now), fmt(now) .. ':' .. seq .. ':' .. costs[1] .. ':' .. costs[2] .. ':' .. costs[3])
          redis.call('HSET', KEYS[1], 's1', fmt(sums[1] + costs[1]), 's2', fmt(sums[2] + costs[2]), 's3', fmt(sums[3] + costs[3]))
          redis.call('PEXPIRE', KEYS[2], ttl)
          redis.call('PEXPIRE', KEYS[1], ttl)
        end
        if dayStart then
          redis.call('HSET', KEYS[3], 'start', fmt(dayStart), 'n', fmt(dayCount + rpdCost))
          redis.call('PEXPIREAT', KEYS[3], fmt(math.floor(dayEnd / 1000) + 3600000))
        end
        return {1, 0, 0}
        """;

    // KEYS: 1 cooldown. ARGV: 1 duration µs. Extends (never shortens) the cooldown; the key expires with it.
    private const string CooldownScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local duration = tonumber(ARGV[1])
        local untilus = now + duration
        local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
        if cur < untilus then
          redis.call('SET', KEYS[1], string.format('%.0f', untilus), 'PX', math.max(1, math.ceil(duration / 1000)))
        end
        return 1
        """;

    private static readonly long WindowMicroseconds = QuotaRules.Window.Ticks / 10;
    private readonly IConnectionMultiplexer _redis;
    private readonly NanoBananaQuotaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _prefix;
    private int _failing;

    public RedisQuotaStore(IConnectionMultiplexer redis, NanoBananaQuotaOptions options, TimeProvider time, ILogger logger)
    {
        _redis = redis;
        _options = options;
        _time = time;
        _logger = logger;
        _prefix = Sanitize(options.KeyPrefix);
    }

    public bool IsShared => true;

    /// <summary>The key of one partition's item: the hash tag keeps a partition's keys in one slot.</summary>
    internal string KeyOf(QuotaKey key, string item) => $"{_prefix}:{{{Sanitize(key.Project)}|{Sanitize(key.Model)}}}:{item}";

    public QuotaDecision TryAcquire(QuotaKey key, QuotaCost cost, QuotaRules rules)
    {
        var (keys, values) = Arguments(key, cost, rules);
        try
        {
            var result = _redis.GetDatabase().ScriptEvaluate(AcquireScript, keys, values);
            return Decided(result);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            return Failed(ex);
        }
    }

    public async ValueTask<QuotaDecision> TryAcquireAsync(QuotaKey key, QuotaCost cost, QuotaRules rules, CancellationToken cancellationToken)
    {
        var (keys, values) = Arguments(key, cost, rules);
        try
        {
            var result = await _redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, keys, values)
                .WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
            return Decided(result);
        }
        catch (Exception ex) when (IsStoreFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            return Failed(ex);
        }
    }

    public async ValueTask SetCooldownAsync(QuotaKey key, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            await _redis.GetDatabase().ScriptEvaluateAsync(CooldownScript, [KeyOf(key, "cool")], [Math.Max(1, duration.Ticks / 10)])
                .WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            // The cooldown still holds in this process through the retry's own wait; other instances find out from their own 429s.
            CooldownNotShared(_logger, key.Project, key.Model, _options.Timeout.TotalMilliseconds, ex.GetType().Name);
        }
    }

    public void Dispose()
    {
    }

    private (RedisKey[] Keys, RedisValue[] Values) Arguments(QuotaKey key, QuotaCost cost, QuotaRules rules)
    {
        RedisKey[] keys = [KeyOf(key, "state"), KeyOf(key, "window"), KeyOf(key, "day"), KeyOf(key, "cool")];

        // Midnight-Pacific instants around this instance's day; the script picks the day by the Redis clock.
        var reset = GoogleQuotaDay.NextReset(_time.GetUtcNow().AddDays(-2));
        var values = new RedisValue[14];
        values[0] = WindowMicroseconds;
        values[1] = rules.RequestsPerMinute;
        values[2] = cost.Requests;
        values[3] = rules.ImagesPerMinute;
        values[4] = cost.Images;
        values[5] = rules.TokensPerMinute;
        values[6] = cost.Tokens;
        values[7] = rules.RequestsPerDay;
        values[8] = cost.Requests;
        for (var i = 9; i < values.Length; i++)
        {
            values[i] = (reset - DateTimeOffset.UnixEpoch).Ticks / 10;
            reset = GoogleQuotaDay.NextReset(reset);
        }

        return (keys, values);
    }

    private QuotaDecision Decided(RedisResult result)
    {
        var parts = (RedisResult[])result!;
        Recovered();
        return (long)parts[0] == 1
            ? QuotaDecision.Admit
            : new QuotaDecision(false, TimeSpan.FromTicks((long)parts[1] * 10), (QuotaRule)(long)parts[2]);
    }

    private QuotaDecision Failed(Exception ex)
    {
        if (Interlocked.Exchange(ref _failing, 1) == 0 || _logger.IsEnabled(LogLevel.Debug))
        {
            StoreFailed(_logger, _options.Timeout.TotalMilliseconds, _options.FailureMode, ex.GetType().Name, ex.Message);
        }

        return _options.FailureMode == QuotaFailureMode.Open
            ? QuotaDecision.Admit
            : new QuotaDecision(false, TimeSpan.Zero, QuotaRule.StoreUnavailable) { Failure = ex };
    }

    private void Recovered()
    {
        if (Volatile.Read(ref _failing) == 1 && Interlocked.Exchange(ref _failing, 0) == 1)
        {
            StoreRecovered(_logger);
        }
    }

    internal static bool IsStoreFailure(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;

    /// <summary>Keeps a key part out of the hash-tag syntax.</summary>
    internal static string Sanitize(string part) => part.Replace('{', '(').Replace('}', ')');

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning,
        Message = "The shared quota store (Redis) failed or did not answer within {TimeoutMs} ms ({ExceptionType}: {Reason}). NanoBanana:Quota:FailureMode is {FailureMode}: Open sends calls without a shared permit, Closed refuses them. Logged once until Redis answers again.")]
    private static partial void StoreFailed(ILogger logger, double timeoutMs, QuotaFailureMode failureMode, string exceptionType, string reason);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "The shared quota store (Redis) answers again: permits are shared by every instance once more.")]
    private static partial void StoreRecovered(ILogger logger);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning,
        Message = "A 429 cooldown for project {Project}, model {Model} could not be shared through Redis within {TimeoutMs} ms ({ExceptionType}); other instances will not pause for it.")]
    private static partial void CooldownNotShared(ILogger logger, string project, string model, double timeoutMs, string exceptionType);
}

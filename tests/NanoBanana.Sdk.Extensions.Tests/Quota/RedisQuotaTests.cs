using System.Diagnostics;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Quota;
using StackExchange.Redis;
using static NanoBanana.Sdk.Extensions.Tests.Quota.QuotaTestRequests;

namespace NanoBanana.Sdk.Extensions.Tests.Quota;

/// <summary>The shared limiter, cooldown and budget ledger against a real redis-server, from two connections as two instances would.</summary>
public sealed class RedisQuotaTests : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _a;
    private ConnectionMultiplexer? _b;

    private RedisServer Server => _server!;

    private ConnectionMultiplexer A => _a!;

    private ConnectionMultiplexer B => _b!;

    public async Task InitializeAsync()
    {
        if (RedisServer.MissingReason is not null)
        {
            return;
        }

        _server = await RedisServer.StartAsync();
        _a = await Connect(_server, new NanoBananaQuotaOptions { Redis = _server.ConnectionString });
        _b = await Connect(_server, new NanoBananaQuotaOptions { Redis = _server.ConnectionString });
    }

    public async Task DisposeAsync()
    {
        _a?.Dispose();
        _b?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [RedisFact]
    public async Task Two_instances_together_get_exactly_the_limit_under_concurrency()
    {
        var options = Options(o => o.RequestsPerMinute = 20);
        using var one = NanoBananaQuotaLimiter.CreateShared(A, options);
        using var two = NanoBananaQuotaLimiter.CreateShared(B, options);
        var project = Project();

        var leases = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? one : two).AcquireAsync(For(project)))));

        Assert.Equal(20, leases.Count(l => l.IsAcquired));
        Assert.All(leases.Where(l => !l.IsAcquired), l => Assert.InRange(RetryAfter(l), TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60)));
        Assert.True(one.IsShared);
    }

    [RedisFact]
    public async Task The_refusal_says_exactly_when_the_oldest_entry_leaves_the_window_on_the_Redis_clock()
    {
        using var limiter = NanoBananaQuotaLimiter.CreateShared(A, Options(o => o.RequestsPerMinute = 2));
        var project = Project();
        var clock = Stopwatch.StartNew();
        Assert.True((await limiter.AcquireAsync(For(project))).IsAcquired);
        Assert.True((await limiter.AcquireAsync(For(project))).IsAcquired);
        var refused = await limiter.AcquireAsync(For(project));
        var elapsed = clock.Elapsed;

        Assert.False(refused.IsAcquired);
        Assert.InRange(RetryAfter(refused), TimeSpan.FromSeconds(60) - elapsed - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(60));
    }

    [RedisFact]
    public async Task Weighted_tokens_and_the_day_count_are_shared_and_all_or_nothing()
    {
        var options = Options(o =>
        {
            o.TokensPerMinute = 5000;
            o.RequestsPerDay = 3;
        });
        using var one = NanoBananaQuotaLimiter.CreateShared(A, options);
        using var two = NanoBananaQuotaLimiter.CreateShared(B, options);
        var project = Project();

        Assert.True((await one.AcquireAsync(For(project, tokens: 2000))).IsAcquired);
        Assert.True((await two.AcquireAsync(For(project, tokens: 2000))).IsAcquired);
        Assert.False((await one.AcquireAsync(For(project, tokens: 2000))).IsAcquired);

        // The refused token request did not use a day permit: the third of the day is still there.
        Assert.True((await two.AcquireAsync(For(project, tokens: 1000))).IsAcquired);
        var daily = await one.AcquireAsync(For(project, tokens: 1));
        Assert.False(daily.IsAcquired);
        Assert.True(daily.TryGetMetadata(NanoBananaQuotaLimiter.DailyLimitName, out var flag) && flag is true);
        var untilMidnight = GoogleQuotaDay.NextReset(DateTimeOffset.UtcNow) - DateTimeOffset.UtcNow;
        Assert.InRange(RetryAfter(daily), untilMidnight - TimeSpan.FromSeconds(5), untilMidnight + TimeSpan.FromSeconds(5));
    }

    [RedisFact]
    public async Task A_cooldown_reported_by_one_instance_pauses_the_other_until_it_ends()
    {
        var options = Options(o =>
        {
            o.RequestsPerMinute = 1000;
            o.MaxWait = TimeSpan.FromSeconds(10);
        });
        using var one = NanoBananaQuotaLimiter.CreateShared(A, options);
        using var two = NanoBananaQuotaLimiter.CreateShared(B, options);
        var project = Project();

        await one.ReportCooldownAsync(For(project), TimeSpan.FromMilliseconds(1500));

        var refused = two.AttemptAcquire(For(project));
        Assert.False(refused.IsAcquired);
        Assert.InRange(RetryAfter(refused), TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1500));
        Assert.True(two.AttemptAcquire(For(project, "gemini-3-pro-image")).IsAcquired);

        var waited = Stopwatch.StartNew();
        Assert.True((await two.AcquireAsync(For(project))).IsAcquired);
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(900), $"waited only {waited.Elapsed}");

        var key = new RedisQuotaStore(A, options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
            .KeyOf(new QuotaKey(project, "gemini-3.1-flash-image"), "cool");
        Assert.False(await A.GetDatabase().KeyExistsAsync(key));
    }

    [RedisFact]
    public async Task Every_key_expires_on_its_own_and_shares_one_hash_slot_per_partition()
    {
        var options = Options(o =>
        {
            o.RequestsPerMinute = 10;
            o.ImagesPerMinute = 10;
            o.TokensPerMinute = 100_000;
            o.RequestsPerDay = 100;
        });
        using var limiter = NanoBananaQuotaLimiter.CreateShared(A, options);
        var project = Project();
        Assert.True((await limiter.AcquireAsync(For(project))).IsAcquired);
        await limiter.ReportCooldownAsync(For(project, "gemini-3-pro-image"), TimeSpan.FromSeconds(5));

        var server = A.GetServer(A.GetEndPoints()[0]);
        var keys = server.Keys(pattern: $"{options.KeyPrefix}:{{{project}|*").ToList();
        Assert.Equal(4, keys.Count); // state, window, day and the other model's cooldown
        foreach (var key in keys)
        {
            var ttl = await A.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.True(ttl is not null, $"{key} never expires");
            var max = key.ToString().EndsWith(":day", StringComparison.Ordinal) ? TimeSpan.FromHours(26) : TimeSpan.FromSeconds(61);
            Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(1), max);
        }

        var slots = keys.Where(k => k.ToString().Contains("gemini-3.1-flash-image", StringComparison.Ordinal)).Select(k => A.GetHashSlot(k)).Distinct();
        Assert.Single(slots);
    }

    [RedisFact]
    public async Task The_ledger_reserves_all_or_nothing_across_scopes_under_concurrency_from_two_instances()
    {
        var options = Options(o => o.KeyPrefix = "ledger" + Guid.NewGuid().ToString("N")[..8]);
        var one = new RedisBudgetLedger(A, options);
        var two = new RedisBudgetLedger(B, options);
        var day = GoogleQuotaDay.For(DateTimeOffset.UtcNow);
        BudgetCharge Charge(decimal amount, decimal? modelLimit = null) => new()
        {
            Day = day,
            AmountUsd = amount,
            Limits =
            [
                new BudgetLimit { Scope = "total", LimitUsd = 3.7m },
                new BudgetLimit { Scope = "route:Official" },
                new BudgetLimit { Scope = "model:gemini-3-pro-image", LimitUsd = modelLimit },
            ],
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? one : two).TryReserveAsync(Charge(0.1m)))));

        Assert.Equal(37, results.Count(r => r.Accepted));
        Assert.Equal(3.7m, await one.GetSpentAsync("total", day));
        Assert.Equal(3.7m, await two.GetSpentAsync("route:Official", day));
        var refused = results.First(r => !r.Accepted);
        Assert.Equal("total", refused.RefusedScope);
        Assert.Equal(3.7m, refused.SpentUsd);
        Assert.Equal(0.1m, refused.OverByUsd);

        // A refusal on the last scope changes none of them.
        var model = await one.TryReserveAsync(Charge(0.05m, modelLimit: 1m));
        Assert.False(model.Accepted);
        Assert.Equal("total", model.RefusedScope);

        var settled = results.First(r => r.Accepted);
        await two.SettleAsync(settled, 0.025m);
        Assert.Equal(3.625m, await one.GetSpentAsync("total", day));
        Assert.Equal(3.625m, await one.GetSpentAsync("model:gemini-3-pro-image", day));

        var ttl = await A.GetDatabase().KeyTimeToLiveAsync(one.KeyOf("total", day));
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(2.9), TimeSpan.FromDays(3));
        Assert.Equal(A.GetHashSlot(one.KeyOf("total", day)), A.GetHashSlot(one.KeyOf("model:gemini-3-pro-image", day)));
    }

    [RedisFact]
    public async Task Redis_killed_mid_run_follows_the_failure_mode_without_hanging_and_recovers_when_it_returns()
    {
        await using var server = await RedisServer.StartAsync();
        var open = Options(o =>
        {
            o.Redis = server.ConnectionString;
            o.RequestsPerMinute = 1;
            o.FailureMode = QuotaFailureMode.Open;
        });
        var closed = Options(o =>
        {
            o.Redis = server.ConnectionString;
            o.RequestsPerMinute = 1;
            o.FailureMode = QuotaFailureMode.Closed;
        });
        using var mux = await Connect(server, closed);
        using var openLimiter = NanoBananaQuotaLimiter.CreateShared(mux, open);
        using var closedLimiter = NanoBananaQuotaLimiter.CreateShared(mux, closed);
        var ledger = new RedisBudgetLedger(mux, closed);
        var project = Project();
        Assert.True((await closedLimiter.AcquireAsync(For(project))).IsAcquired);
        Assert.False((await closedLimiter.AcquireAsync(For(project))).IsAcquired);

        await server.KillAsync();

        // Open: sent without a shared permit; Closed: refused with a reason naming the failure mode. Neither hangs.
        var guard = TimeSpan.FromSeconds(5);
        Assert.True((await openLimiter.AcquireAsync(For(project)).AsTask().WaitAsync(guard)).IsAcquired);
        var refused = await closedLimiter.AcquireAsync(For(project)).AsTask().WaitAsync(guard);
        Assert.False(refused.IsAcquired);
        var error = NanoBananaQuotaLimiter.ToException(refused);
        Assert.Contains("FailureMode is Closed", error.Message, StringComparison.Ordinal);
        Assert.False(closedLimiter.AttemptAcquire(For(project)).IsAcquired);
        var reservation = await ledger.TryReserveAsync(new BudgetCharge { Day = GoogleQuotaDay.For(DateTimeOffset.UtcNow), AmountUsd = 1m, Limits = [new BudgetLimit { Scope = "total", LimitUsd = 10m }] })
            .AsTask().WaitAsync(guard);
        Assert.False(reservation.Accepted);
        Assert.Equal(RedisBudgetLedger.UnavailableScope, reservation.RefusedScope);

        await server.RestartAsync();
        var recovered = Stopwatch.StartNew();
        while (!(await closedLimiter.AcquireAsync(For(project))).IsAcquired)
        {
            Assert.True(recovered.Elapsed < TimeSpan.FromSeconds(15), "the limiter did not recover within 15 s of Redis coming back");
            await Task.Delay(100);
        }

        // Shared counting again: the new server's window now holds this one permit.
        Assert.False((await closedLimiter.AcquireAsync(For(project))).IsAcquired);
    }

    private static async Task<ConnectionMultiplexer> Connect(RedisServer server, NanoBananaQuotaOptions options)
    {
        options.Redis ??= server.ConnectionString;
        var configuration = QuotaRedisConnection.Configure(options);
        // The tests' own commands (SCAN, TTL) get a generous timeout on a busy machine; the limiters keep their Timeout.
        configuration.ConnectTimeout = 5000;
        configuration.SyncTimeout = 5000;
        configuration.AsyncTimeout = 5000;
        return await ConnectionMultiplexer.ConnectAsync(configuration);
    }

    private NanoBananaQuotaOptions Options(Action<NanoBananaQuotaOptions> configure)
    {
        var options = new NanoBananaQuotaOptions { Redis = _server?.ConnectionString, MaxWait = TimeSpan.Zero, Timeout = TimeSpan.FromMilliseconds(500) };
        configure(options);
        return options;
    }

    private static string Project() => "proj-" + Guid.NewGuid().ToString("N")[..10];
}

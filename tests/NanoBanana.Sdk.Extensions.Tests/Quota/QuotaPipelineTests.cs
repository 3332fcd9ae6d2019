using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Extensions.Tests.Quota;

/// <summary><c>AddNanoBanana</c> with <c>NanoBanana:Quota</c>, end to end against the emulator.</summary>
public sealed class QuotaPipelineTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private NanoBananaEmulator Emulator => fixture.Emulator;

    public void Dispose()
    {
        Emulator.Faults.Clear();
        Emulator.Journal.Clear();
    }

    private string Json(string quota, string resilience = "") =>
        fixture.Json(resilience: resilience).Replace("\"Resilience\":", $"\"Quota\": {{ {quota} }},\n    \"Resilience\":", StringComparison.Ordinal);

    private async Task<(IHost Host, IOfficialImageClient Client)> StartAsync(string quota, string resilience = "", Action<IServiceCollection>? configure = null)
    {
        Emulator.Faults.Clear();
        Emulator.Journal.Clear();
        var host = await TestHosts.StartAsync(Json(quota, resilience), configure);
        return (host, host.Services.GetRequiredService<IOfficialImageClient>());
    }

    [Fact]
    public async Task A_refused_permit_is_a_classified_RateLimitException_with_RetryAfter_and_nothing_is_sent()
    {
        var (host, client) = await StartAsync("\"RequestsPerMinute\": 2, \"MaxWait\": \"00:00:00\"");
        using var _ = host;
        await client.GenerateAsync("one");
        await client.GenerateAsync("two");

        var error = await Assert.ThrowsAsync<RateLimitException>(() => client.GenerateAsync("three"));

        Assert.Equal(ErrorKind.RateLimited, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Null(error.StatusCode);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));
        Assert.Equal(ErrorOwner.QuotaAndTrafficShape, error.LikelyOwner);
        Assert.Contains("RequestsPerMinute 2", error.Message, StringComparison.Ordinal);
        Assert.Contains($"project '{EmulatorFixture.Project}'", error.Message, StringComparison.Ordinal);
        Assert.IsType<Http.QuotaPermitDeniedException>(error.InnerException);
        Assert.False(error.Cost?.Billable ?? false);
        Assert.Equal(2, Emulator.Journal.Count);
    }

    [Fact]
    public async Task A_used_up_day_is_a_QuotaExhaustedException_without_a_retry_hint()
    {
        var (host, client) = await StartAsync("\"RequestsPerDay\": 1");
        using var _ = host;
        await client.GenerateAsync("one");

        var error = await Assert.ThrowsAsync<QuotaExhaustedException>(() => client.GenerateAsync("two"));

        Assert.Equal(ErrorKind.QuotaExhausted, error.Kind);
        Assert.Null(error.RetryAfter);
        Assert.Contains("midnight Pacific", error.Message, StringComparison.Ordinal);
        Assert.Single(Emulator.Journal.Entries);
    }

    [Fact]
    public async Task Every_attempt_takes_a_permit_because_the_limiter_sits_inside_the_retry()
    {
        var (host, client) = await StartAsync("\"RequestsPerMinute\": 2, \"MaxWait\": \"00:00:00\"");
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Times = 1, Fault = Fault.Status(503) });

        var result = await client.GenerateAsync("retried once");
        Assert.Equal(2, result.Attempts);

        await Assert.ThrowsAsync<RateLimitException>(() => client.GenerateAsync("no permit left"));
        Assert.Equal([503, 200], Emulator.Journal.Entries.Select(e => e.Status));
    }

    [Fact]
    public async Task A_429_with_RetryInfo_pauses_the_next_calls_for_that_project_and_model()
    {
        var (host, client) = await StartAsync("\"RequestsPerMinute\": 100, \"MaxWait\": \"00:00:10\"", resilience: ", \"MaxRetries\": 0");
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Times = 1, Fault = Fault.Status(429, retryDelay: "1s") });

        var first = await Assert.ThrowsAsync<RateLimitException>(() => client.GenerateAsync("gets the 429"));
        Assert.Equal(429, first.StatusCode);
        await client.GenerateAsync("waits for the cooldown");

        var entries = Emulator.Journal.Entries;
        Assert.Equal([429, 200], entries.Select(e => e.Status));
        var paused = entries[1].Timestamp - entries[0].Timestamp;
        Assert.True(paused >= TimeSpan.FromSeconds(0.9), $"the second call was sent {paused} after the 429");
    }

    [Fact]
    public async Task Without_a_quota_section_nothing_is_limited_or_paused()
    {
        var (host, client) = await StartAsync(string.Empty);
        using var _ = host;
        var limiter = host.Services.GetRequiredService<NanoBananaQuotaLimiter>();
        Assert.False(limiter.IsEnabled);
        Assert.IsType<InMemoryBudgetLedger>(host.Services.GetRequiredService<IBudgetLedger>());
        for (var i = 0; i < 3; i++)
        {
            await client.GenerateAsync("free");
        }

        Assert.Equal(3, Emulator.Journal.Count);
    }

    [RedisFact]
    public async Task With_Redis_configured_the_limiter_and_the_budget_ledger_are_shared_and_win_over_the_in_process_ledger()
    {
        await using var redis = await RedisServer.StartAsync();
        var (host, client) = await StartAsync(
            $"\"Redis\": \"{redis.ConnectionString}\", \"RequestsPerMinute\": 1, \"MaxWait\": \"00:00:00\", \"KeyPrefix\": \"di{Guid.NewGuid():N}\"",
            configure: services => services.TryAddSingleton<IBudgetLedger, InMemoryBudgetLedger>());
        using var _ = host;

        Assert.True(host.Services.GetRequiredService<NanoBananaQuotaLimiter>().IsShared);
        Assert.IsType<RedisBudgetLedger>(host.Services.GetRequiredService<IBudgetLedger>());
        await client.GenerateAsync("one");
        await Assert.ThrowsAsync<RateLimitException>(() => client.GenerateAsync("two"));
    }

    [Fact]
    public void Quota_settings_that_are_wrong_are_reported_with_their_path_and_valid_values()
    {
        using var host = TestHosts.Build(Json(
            "\"Redis\": \"127.0.0.1:6379,notanoption=1\", \"FailureMode\": \"Sometimes\", \"Timeout\": \"00:05:00\", \"RequestsPerMinute\": 0, \"Rpm\": 5, " +
            "\"Models\": { \"gemini-3-pro-image\": { \"RequestsPerDay\": -1 } }"));

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<NanoBananaOptions>>().Value);
        var text = string.Join("\n", error.Failures);
        Assert.Contains("NanoBanana:Quota:FailureMode 'Sometimes' is not valid. Allowed values: Open, Closed.", text, StringComparison.Ordinal);
        Assert.Contains("NanoBanana:Quota:Timeout", text, StringComparison.Ordinal);
        Assert.Contains("NanoBanana:Quota:RequestsPerMinute 0 must be a whole number of at least 1", text, StringComparison.Ordinal);
        Assert.Contains("NanoBanana:Quota:Models:gemini-3-pro-image:RequestsPerDay -1", text, StringComparison.Ordinal);
        Assert.Contains("NanoBanana:Quota:Rpm is not a NanoBanana setting", text, StringComparison.Ordinal);
        Assert.Contains("NanoBanana:Quota:Redis is not a valid StackExchange.Redis connection string", text, StringComparison.Ordinal);
    }
}

using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Extensions.Tests;

public sealed class ResilienceTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private NanoBananaEmulator Emulator => fixture.Emulator;

    public void Dispose()
    {
        Emulator.Faults.Clear();
        Emulator.Journal.Clear();
    }

    private async Task<(Microsoft.Extensions.Hosting.IHost Host, IOfficialImageClient Client)> StartAsync(string resilience = "", string key = EmulatorFixture.Key, string project = EmulatorFixture.Project)
    {
        Emulator.Faults.Clear();
        Emulator.Journal.Clear();
        var host = await TestHosts.StartAsync(fixture.Json(resilience: resilience, key: key, project: project));
        return (host, host.Services.GetRequiredService<IOfficialImageClient>());
    }

    [Fact]
    public async Task Per_minute_429_is_retried_after_Googles_RetryInfo_and_counted_in_the_cost_record()
    {
        var (host, client) = await StartAsync();
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 1, Fault = Fault.Status(429, retryDelay: "1s") });

        var result = await client.GenerateAsync("a banana");

        Assert.Single(result.Images);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(1, result.Cost.Retries);
        var entries = Emulator.Journal.Entries;
        Assert.Equal([429, 200], entries.Select(e => e.Status));
        var waited = entries[1].Timestamp - entries[0].Timestamp;
        Assert.True(waited >= TimeSpan.FromSeconds(0.9), $"waited {waited}");
    }

    [Fact]
    public async Task A_retry_hint_longer_than_MaxRetryDelay_goes_to_the_caller()
    {
        var (host, client) = await StartAsync();
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 1, Fault = Fault.Status(429, retryDelay: "120s") });

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("a banana"));

        Assert.Equal(ErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Single(Emulator.Journal.Entries);
    }

    [Fact]
    public async Task Per_day_quota_is_not_retried()
    {
        var (host, client) = await StartAsync(key: EmulatorFixture.DailyKey, project: EmulatorFixture.DailyProject);
        using var _ = host;
        try
        {
            await client.GenerateAsync("first of the day");
        }
        catch (NanoBananaException)
        {
            // The day's one request may already be used by an earlier run in this fixture.
        }

        Emulator.Journal.Clear();

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("second of the day"));

        Assert.Equal(ErrorKind.QuotaExhausted, error.Kind);
        Assert.Single(Emulator.Journal.Entries);
        Assert.Equal(0, error.Cost!.Retries);
    }

    [Fact]
    public async Task A_503_is_retried_and_the_retry_is_counted()
    {
        var (host, client) = await StartAsync();
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 1, Fault = Fault.Status(503) });

        var result = await client.GenerateAsync("a banana");

        Assert.Equal(2, result.Attempts);
        Assert.Equal(1, result.Cost.Retries);
        Assert.Equal([503, 200], Emulator.Journal.Entries.Select(e => e.Status));
    }

    [Fact]
    public async Task A_paid_request_is_not_resent_after_an_attempt_timeout()
    {
        var (host, client) = await StartAsync(""", "AttemptTimeout": "00:00:00.300" """);
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 1, Fault = Fault.Delay(TimeSpan.FromSeconds(3)) });

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("a banana"));

        Assert.Equal(ErrorKind.ClientTimeout, error.Kind);
        Assert.Equal(0, error.Cost!.Retries);
        await WaitForJournalAsync(1);
        Assert.Single(Emulator.Journal.Entries);
    }

    [Fact]
    public async Task Opting_in_resends_a_paid_request_after_an_attempt_timeout()
    {
        var (host, client) = await StartAsync(""", "AttemptTimeout": "00:00:02", "ResendPaidRequestsAfterUncertainFailure": true """);
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 1, Fault = Fault.Delay(TimeSpan.FromSeconds(30)) });

        var result = await client.GenerateAsync("a banana");

        Assert.Equal(2, result.Attempts);
        Assert.Equal(1, result.Cost.Retries);
    }

    [Fact]
    public async Task A_200_without_an_image_is_not_resent()
    {
        var (host, client) = await StartAsync();
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 1, Fault = Fault.TextOnly() });

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("a banana"));

        Assert.Equal(ErrorKind.NoImage, error.Kind);
        Assert.Single(Emulator.Journal.Entries);
    }

    [Fact]
    public async Task A_connection_reset_mid_answer_is_not_resent()
    {
        var (host, client) = await StartAsync();
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 1, Fault = Fault.ConnectionReset() });

        await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("a banana"));

        Assert.Single(Emulator.Journal.Entries);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_server_errors_and_the_client_throws_a_classified_rejection()
    {
        var (host, client) = await StartAsync(""", "MaxRetries": 0, "CircuitBreakerMinimumThroughput": 2, "CircuitBreakerFailureRatio": 0.5 """);
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 2, Fault = Fault.Status(503) });

        await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("one"));
        await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("two"));
        var rejected = await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("three"));

        Assert.Equal(ErrorKind.RejectedByClientPipeline, rejected.Kind);
        Assert.Equal(2, Emulator.Journal.Entries.Count);
        Assert.False(rejected.Cost!.Billable);
    }

    [Fact]
    public async Task The_circuit_is_per_project()
    {
        var (host, client) = await StartAsync(""", "MaxRetries": 0, "CircuitBreakerMinimumThroughput": 2, "CircuitBreakerFailureRatio": 0.5 """);
        using var _ = host;
        Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 2, Fault = Fault.Status(503) });
        await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("one"));
        await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("two"));

        // Same HttpClient, another project: its own breaker, still closed.
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NanoBananaOptions>>().Value.ToOfficialImageClientOptions();
        options.ProjectId = "another-project";
        var factory = host.Services.GetRequiredService<IHttpClientFactory>();
        var other = new OfficialImageClient(options, () => factory.CreateClient(NanoBananaHttpClientNames.Official));
        var result = await other.GenerateAsync("three");

        Assert.Single(result.Images);
    }

    private async Task WaitForJournalAsync(int count)
    {
        for (var i = 0; i < 100 && Emulator.Journal.Count < count; i++)
        {
            await Task.Delay(50);
        }
    }
}

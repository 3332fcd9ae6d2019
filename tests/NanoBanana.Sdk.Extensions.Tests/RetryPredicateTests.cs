using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.DependencyInjection;
using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;
using Polly;
using Polly.Timeout;

namespace NanoBanana.Sdk.Extensions.Tests;

/// <summary>The retry decision on its own: what may be resent without paying twice.</summary>
public sealed class RetryPredicateTests
{
    private const string PerMinute = """
        {"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"You exceeded your current quota",
         "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_requests_per_model_per_minute","quotaId":"GenerateRequestsPerMinutePerProjectPerModel"}]},
         {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}
        """;

    private const string PerDay = """
        {"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"You exceeded your current quota",
         "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_requests_per_model_per_day","quotaId":"GenerateRequestsPerDayPerProjectPerModel"}]}]}}
        """;

    private static readonly NanoBananaResilienceOptions Defaults = new();

    private static ResilienceContext Context(bool paid = true, PriceLane lane = PriceLane.GoogleStandard)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://generativelanguage.googleapis.com/v1beta/interactions");
        request.Options.Set(NanoBananaRequestMetadata.Key, new NanoBananaRequestMetadata { Route = ImageRoute.Official, Lane = lane, IsPaidGeneration = paid });
        var context = ResilienceContextPool.Shared.Get();
        context.SetRequestMessage(request);
        return context;
    }

    private static HttpResponseMessage Answer(int status, string body = "") =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Fact]
    public async Task Per_minute_429_is_retried_with_RetryInfo_and_the_body_stays_readable()
    {
        using var response = Answer(429, PerMinute);

        Assert.True(await ImageGenerationResilience.ShouldRetryAsync(Outcome.FromResult(response), Context(), Defaults));
        Assert.Contains("RetryInfo", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_day_429_is_never_retried()
    {
        using var response = Answer(429, PerDay);

        Assert.False(await ImageGenerationResilience.ShouldRetryAsync(Outcome.FromResult(response), Context(), Defaults));
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(200, false)]
    public async Task Only_server_errors_answered_before_generation_are_retried(int status, bool retried)
    {
        using var response = Answer(status);

        Assert.Equal(retried, await ImageGenerationResilience.ShouldRetryAsync(Outcome.FromResult(response), Context(), Defaults));
    }

    [Fact]
    public async Task Retry_after_ms_wins_over_the_backoff()
    {
        using var response = Answer(503);
        response.Headers.TryAddWithoutValidation("retry-after-ms", "1500");
        response.Headers.TryAddWithoutValidation("Retry-After", "9");

        Assert.Equal(TimeSpan.FromMilliseconds(1500), ImageGenerationResilience.RetryAfter(response));
        Assert.True(await ImageGenerationResilience.ShouldRetryAsync(Outcome.FromResult(response), Context(), Defaults));
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, true)]
    [InlineData(HttpRequestError.NameResolutionError, true)]
    [InlineData(HttpRequestError.ResponseEnded, false)]
    [InlineData(HttpRequestError.Unknown, false)]
    public async Task A_paid_request_is_resent_only_when_the_connection_was_never_made(HttpRequestError error, bool retried)
    {
        var outcome = Outcome.FromException<HttpResponseMessage>(new HttpRequestException(error, "boom"));

        Assert.Equal(retried, await ImageGenerationResilience.ShouldRetryAsync(outcome, Context(), Defaults));
    }

    [Fact]
    public async Task Uncertain_failures_are_resent_for_unpaid_requests_or_on_opt_in_only()
    {
        var timeout = Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException());
        var reset = Outcome.FromException<HttpResponseMessage>(new IOException("connection reset"));

        Assert.False(await ImageGenerationResilience.ShouldRetryAsync(timeout, Context(paid: true), Defaults));
        Assert.False(await ImageGenerationResilience.ShouldRetryAsync(reset, Context(paid: true), Defaults));
        Assert.True(await ImageGenerationResilience.ShouldRetryAsync(timeout, Context(paid: false), Defaults));
        Assert.True(await ImageGenerationResilience.ShouldRetryAsync(timeout, Context(paid: true), new NanoBananaResilienceOptions { ResendPaidRequestsAfterUncertainFailure = true }));
    }

    [Fact]
    public void Attempt_timeout_is_the_call_timeout_and_at_least_15_minutes_for_Flex()
    {
        var call = TimeSpan.FromSeconds(360);

        Assert.Equal(call, ImageGenerationResilience.AttemptTimeout(Context(), null, call));
        Assert.Equal(TimeSpan.FromMinutes(15), ImageGenerationResilience.AttemptTimeout(Context(lane: PriceLane.GoogleFlex), null, call));
        Assert.Equal(TimeSpan.FromSeconds(5), ImageGenerationResilience.AttemptTimeout(Context(), TimeSpan.FromSeconds(5), call));
        Assert.True(ImageGenerationResilience.AttemptTimeout(Context(), null, call) > TimeSpan.FromSeconds(10), "never the standard handler's 10 s");
    }
}

/// <summary>The retry waits on <see cref="NanoBananaOptions.TimeProvider"/>: a 30 s RetryInfo passes on a fake clock.</summary>
public sealed class FakeClockRetryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task RetryInfo_delay_is_waited_on_the_fake_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        fixture.Emulator.Faults.Clear();
        fixture.Emulator.Journal.Clear();
        using var host = await TestHosts.StartAsync(fixture.Json(), s => s.Configure<NanoBananaOptions>(o => o.TimeProvider = clock)).WaitAsync(TimeSpan.FromSeconds(20));
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 1, Fault = Fault.Status(429, retryDelay: "30s") });
        var started = DateTime.UtcNow;

        var client = host.Services.GetRequiredService<IOfficialImageClient>();
        var call = Task.Run(() => client.GenerateAsync("a banana"));
        for (var i = 0; i < 500 && fixture.Emulator.Journal.Count < 1 && !call.IsCompleted; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(fixture.Emulator.Journal.Count == 1, $"journal {fixture.Emulator.Journal.Count}, call {call.Status} {call.Exception?.InnerException}");

        // Advance the fake clock a second at a time (off the test's context: timers fire inline) until the retry went out.
        var fakeStart = clock.GetUtcNow();
        for (var i = 0; i < 120 && !call.IsCompleted; i++)
        {
            await Task.Run(() => clock.Advance(TimeSpan.FromSeconds(1))).WaitAsync(TimeSpan.FromSeconds(5));
            await Task.Delay(20);
        }

        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, result.Attempts);
        Assert.Equal(1, result.Cost.Retries);
        Assert.True(clock.GetUtcNow() - fakeStart >= TimeSpan.FromSeconds(29), $"retried after {clock.GetUtcNow() - fakeStart} of fake time");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }
}

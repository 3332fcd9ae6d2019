using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.Http;
using static NanoBanana.Sdk.Extensions.Tests.Quota.QuotaTestRequests;

namespace NanoBanana.Sdk.Extensions.Tests.Quota;

/// <summary>The in-process limiter on a fake clock: exact windows, weights, the Pacific day, waits and the cooldown.</summary>
public sealed class InProcessQuotaLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Every_60_second_window_holds_at_most_the_limit_and_the_refusal_says_when_the_oldest_leaves()
    {
        using var limiter = new NanoBananaQuotaLimiter(new NanoBananaQuotaOptions { RequestsPerMinute = 3 }, _time);
        var request = For("p1");

        Assert.True(limiter.AttemptAcquire(request).IsAcquired);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.AttemptAcquire(request).IsAcquired);
        Assert.True(limiter.AttemptAcquire(request).IsAcquired);

        var refused = limiter.AttemptAcquire(request);
        Assert.False(refused.IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(50), RetryAfter(refused));

        _time.Advance(TimeSpan.FromSeconds(50) - TimeSpan.FromTicks(1));
        Assert.False(limiter.AttemptAcquire(request).IsAcquired);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(limiter.AttemptAcquire(request).IsAcquired);
        Assert.False(limiter.AttemptAcquire(request).IsAcquired);
    }

    [Fact]
    public void Images_and_estimated_tokens_count_by_weight_and_a_refusal_records_nothing()
    {
        var options = new NanoBananaQuotaOptions { TokensPerMinute = 5000, ImagesPerMinute = 10 };
        using var limiter = new NanoBananaQuotaLimiter(options, _time);

        Assert.True(limiter.AttemptAcquire(For("p1", tokens: 2000)).IsAcquired);
        Assert.True(limiter.AttemptAcquire(For("p1", tokens: 2000)).IsAcquired);
        Assert.False(limiter.AttemptAcquire(For("p1", tokens: 2000)).IsAcquired);

        // The refused 2,000 were not counted: 1,000 still fit.
        Assert.True(limiter.AttemptAcquire(For("p1", tokens: 1000)).IsAcquired);
        Assert.False(limiter.AttemptAcquire(For("p1", tokens: 1)).IsAcquired);
    }

    [Fact]
    public void Projects_and_models_are_separate_partitions_and_a_model_override_replaces_the_project_limit()
    {
        var options = new NanoBananaQuotaOptions { RequestsPerMinute = 1 };
        options.Models["gemini-3-pro-image"] = new NanoBananaQuotaLimits { RequestsPerMinute = 2 };
        using var limiter = new NanoBananaQuotaLimiter(options, _time);

        Assert.True(limiter.AttemptAcquire(For("p1")).IsAcquired);
        Assert.False(limiter.AttemptAcquire(For("p1")).IsAcquired);
        Assert.True(limiter.AttemptAcquire(For("p2")).IsAcquired);
        Assert.True(limiter.AttemptAcquire(For("p1", "gemini-3-pro-image")).IsAcquired);
        Assert.True(limiter.AttemptAcquire(For("p1", "gemini-3-pro-image")).IsAcquired);
        Assert.False(limiter.AttemptAcquire(For("p1", "gemini-3-pro-image")).IsAcquired);
    }

    [Fact]
    public void Requests_per_day_reset_at_midnight_Pacific_not_UTC()
    {
        // 30 Nov 2026 is standard time: midnight Pacific is 08:00 UTC.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 59, 58, TimeSpan.Zero));
        using var limiter = new NanoBananaQuotaLimiter(new NanoBananaQuotaOptions { RequestsPerDay = 2 }, _time);
        var request = For("p1");

        Assert.True(limiter.AttemptAcquire(request).IsAcquired);
        Assert.True(limiter.AttemptAcquire(request).IsAcquired);
        var refused = limiter.AttemptAcquire(request);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(NanoBananaQuotaLimiter.DailyLimitName, out var daily) && daily is true);
        Assert.Equal(TimeSpan.FromSeconds(2), RetryAfter(refused));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(limiter.AttemptAcquire(request).IsAcquired);
    }

    [Fact]
    public async Task An_acquire_waits_for_the_window_within_MaxWait_and_is_refused_beyond_it()
    {
        var options = new NanoBananaQuotaOptions { RequestsPerMinute = 1, MaxWait = TimeSpan.FromSeconds(30) };
        using var limiter = new NanoBananaQuotaLimiter(options, _time);
        var request = For("p1");
        Assert.True((await limiter.AcquireAsync(request)).IsAcquired);

        // 60 s to wait > MaxWait 30 s: refused at once with the wait.
        var refused = await limiter.AcquireAsync(request);
        Assert.False(refused.IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(60), RetryAfter(refused));
        Assert.Contains("MaxWait", refused.TryGetMetadata(MetadataName.ReasonPhrase, out var reason) ? reason : null, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(40));
        var waiting = limiter.AcquireAsync(request).AsTask();
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).IsAcquired);
    }

    [Fact]
    public async Task A_reported_429_cooldown_pauses_the_partition_and_is_never_shortened()
    {
        var options = new NanoBananaQuotaOptions { RequestsPerMinute = 100, MaxWait = TimeSpan.Zero };
        using var limiter = new NanoBananaQuotaLimiter(options, _time);
        var request = For("p1");

        await limiter.ReportCooldownAsync(request, TimeSpan.FromSeconds(7));
        await limiter.ReportCooldownAsync(request, TimeSpan.FromSeconds(3));
        var refused = limiter.AttemptAcquire(request);
        Assert.False(refused.IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter(refused));
        Assert.True(limiter.AttemptAcquire(For("p1", "gemini-3-pro-image")).IsAcquired);

        _time.Advance(TimeSpan.FromSeconds(7));
        Assert.True(limiter.AttemptAcquire(request).IsAcquired);
    }

    [Fact]
    public void A_request_without_NanoBanana_metadata_and_an_unconfigured_limiter_always_pass()
    {
        using var limiter = new NanoBananaQuotaLimiter(new NanoBananaQuotaOptions { RequestsPerMinute = 1 }, _time);
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "https://example.com/");
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.AttemptAcquire(foreign).IsAcquired);
        }

        using var off = new NanoBananaQuotaLimiter(new NanoBananaQuotaOptions(), _time);
        Assert.False(off.IsEnabled);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(off.AttemptAcquire(For("p1")).IsAcquired);
        }
    }

    [Fact]
    public void Batch_control_calls_count_against_no_limit()
    {
        using var limiter = new NanoBananaQuotaLimiter(new NanoBananaQuotaOptions { RequestsPerMinute = 1 }, _time);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.AttemptAcquire(For("p1", route: ImageRoute.Batch)).IsAcquired);
        }

        Assert.True(limiter.AttemptAcquire(For("p1")).IsAcquired);
    }

    [Fact]
    public void A_refused_lease_becomes_the_exception_the_client_classifies()
    {
        using var limiter = new NanoBananaQuotaLimiter(new NanoBananaQuotaOptions { RequestsPerMinute = 1 }, _time);
        Assert.True(limiter.AttemptAcquire(For("p1")).IsAcquired);
        var error = NanoBananaQuotaLimiter.ToException(limiter.AttemptAcquire(For("p1")));

        Assert.IsType<QuotaPermitDeniedException>(error);
        Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
        Assert.False(error.IsDaily);
        Assert.Contains("RequestsPerMinute 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("project 'p1'", error.Message, StringComparison.Ordinal);
    }
}

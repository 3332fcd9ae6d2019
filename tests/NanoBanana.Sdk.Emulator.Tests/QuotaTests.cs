using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class QuotaTests
{
    private const string Model = "gemini-3-pro-image";

    private static NanoBananaEmulatorOptions Options(FakeTimeProvider time, QuotaLimit limit)
    {
        var options = new NanoBananaEmulatorOptions { TimeProvider = time };
        options.ApiKeys["key-1"] = "project-a";
        options.ApiKeys["key-2"] = "project-a";
        options.ApiKeys["key-3"] = "project-b";
        options.QuotaLimits.Add(limit);
        return options;
    }

    [Fact]
    public async Task Two_keys_of_one_project_share_the_per_minute_limit_until_the_window_frees()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var emulator = await NanoBananaEmulator.StartAsync(
            Options(time, new QuotaLimit { Project = "project-a", Model = Model, RequestsPerMinute = 2 }), CancellationToken.None);
        using var http = Client.For(emulator);

        var (first, _) = await Client.GenerateAsync(http, Model, Client.GenerateBody(), key: "key-1");
        time.Advance(TimeSpan.FromSeconds(23));
        var (second, _) = await Client.GenerateAsync(http, "models/gemini-3-pro-image", Client.GenerateBody(), key: "key-2");
        var (third, json) = await Client.GenerateAsync(http, Model, Client.GenerateBody(), key: "key-1");
        var (otherProject, _) = await Client.GenerateAsync(http, Model, Client.GenerateBody(), key: "key-3");
        var (otherModel, _) = await Client.GenerateAsync(http, "gemini-3.1-flash-image", Client.GenerateBody(), key: "key-2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Client.AssertError(third, json, 429, "RESOURCE_EXHAUSTED");
        var violation = Client.Detail(json, "QuotaFailure").GetProperty("violations")[0];
        Assert.Equal("generativelanguage.googleapis.com/generate_requests_per_model_per_minute", violation.GetProperty("quotaMetric").GetString());
        Assert.Equal("GenerateRequestsPerMinutePerProjectPerModel", violation.GetProperty("quotaId").GetString());
        Assert.Equal("global", violation.GetProperty("quotaDimensions").GetProperty("location").GetString());
        Assert.Equal(Model, violation.GetProperty("quotaDimensions").GetProperty("model").GetString());
        Assert.Equal("37s", Client.Detail(json, "RetryInfo").GetProperty("retryDelay").GetString());
        Assert.Equal(HttpStatusCode.OK, otherProject.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherModel.StatusCode);

        time.Advance(TimeSpan.FromSeconds(37));
        var (afterWindow, _) = await Client.GenerateAsync(http, Model, Client.GenerateBody(), key: "key-2");
        Assert.Equal(HttpStatusCode.OK, afterWindow.StatusCode);
    }

    [Fact]
    public async Task Per_day_limit_reports_the_daily_quota()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var emulator = await NanoBananaEmulator.StartAsync(
            Options(time, new QuotaLimit { Project = "project-a", RequestsPerDay = 1 }), CancellationToken.None);
        using var http = Client.For(emulator);

        var (first, _) = await Client.SendAsync(http, Client.Post("v1beta/interactions", """{"model":"gemini-3-pro-image","input":"x"}""", key: "key-1"));
        time.Advance(TimeSpan.FromHours(2));
        var (second, json) = await Client.GenerateAsync(http, Model, Client.GenerateBody(), key: "key-2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Client.AssertError(second, json, 429, "RESOURCE_EXHAUSTED");
        var violation = Client.Detail(json, "QuotaFailure").GetProperty("violations")[0];
        Assert.Equal("generativelanguage.googleapis.com/generate_requests_per_model_per_day", violation.GetProperty("quotaMetric").GetString());
        Assert.Equal("GenerateRequestsPerDayPerProjectPerModel", violation.GetProperty("quotaId").GetString());
        Assert.Equal($"{22 * 3600}s", Client.Detail(json, "RetryInfo").GetProperty("retryDelay").GetString());

        time.Advance(TimeSpan.FromHours(22));
        var (nextDay, _) = await Client.GenerateAsync(http, Model, Client.GenerateBody(), key: "key-1");
        Assert.Equal(HttpStatusCode.OK, nextDay.StatusCode);
    }

    [Fact]
    public async Task Rejected_requests_do_not_count()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var emulator = await NanoBananaEmulator.StartAsync(
            Options(time, new QuotaLimit { Project = "project-a", RequestsPerMinute = 1 }), CancellationToken.None);
        using var http = Client.For(emulator);

        var (invalid, _) = await Client.GenerateAsync(http, Model, Client.GenerateBody(size: "1k"), key: "key-1");
        var (ok, _) = await Client.GenerateAsync(http, Model, Client.GenerateBody(), key: "key-1");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}

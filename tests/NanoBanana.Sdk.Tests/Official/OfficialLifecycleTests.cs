using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using static NanoBanana.Sdk.Tests.Official.OfficialTestKit;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>Lifecycle on the official route: deprecated ids warn once per client; shut-down ids are refused before sending.</summary>
public sealed class OfficialLifecycleTests
{
    [Fact]
    public async Task A_deprecated_model_works_and_warns_once_per_client_in_the_result_and_the_log()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(InteractionAnswer(Png(8, 8), model: ImageModel.FlashImageId)));
        var logger = new ListLogger();
        using var client = new OfficialImageClient(Options(configure: o => o.Model = ImageModel.FlashImageId), handler.ToHttpClient(), logger);

        var first = await client.GenerateAsync("p");
        var second = await client.GenerateAsync("p");

        var warning = Assert.Single(first.Warnings);
        Assert.Contains("deprecated since 2026-10-06", warning, StringComparison.Ordinal);
        Assert.Contains("'gemini-nano-banana-2.1'", warning, StringComparison.Ordinal);
        Assert.Empty(second.Warnings);
        Assert.Equal(2026, second.Model.Lifecycle!.DeprecatedOn!.Value.Year);
        Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning);

        using var other = new OfficialImageClient(Options(configure: o => o.Model = ImageModel.FlashImageId), handler.ToHttpClient(), logger);
        Assert.Single((await other.GenerateAsync("p")).Warnings);
    }

    [Fact]
    public async Task The_shutdown_check_uses_the_clients_clock()
    {
        using var handler = new MockHttpMessageHandler();
        var captured = new Captured();
        handler.When("*").Respond(captured.Respond(() => Json(InteractionAnswer(Png(8, 8)))));
        var before = new FakeTimeProvider(new DateTimeOffset(2026, 6, 24, 12, 0, 0, TimeSpan.Zero));
        var after = new FakeTimeProvider(new DateTimeOffset(2026, 6, 25, 0, 0, 0, TimeSpan.Zero));
        var request = new ImageRequest("p") { Model = "gemini-3-pro-image-preview" };

        using var early = new OfficialImageClient(Options(configure: o => o.TimeProvider = before), handler.ToHttpClient());
        using var late = new OfficialImageClient(Options(configure: o => o.TimeProvider = after), handler.ToHttpClient());

        await early.GenerateAsync(request);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => late.GenerateAsync(request));
        Assert.Contains("shut down on Google's API on 2026-06-25", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, captured.Count);
    }
}

using Microsoft.Extensions.Logging;
using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Routing.EndToEnd;

/// <summary>
/// The fallback ladder against the emulator with injected faults: each step, each refusal to step, one change per
/// step, the ladder on the result and on the final exception, and the ledger settled with each attempt's cost.
/// </summary>
public sealed class FallbackLadderEndToEndTests(RoutingEmulatorFixture fixture) : IClassFixture<RoutingEmulatorFixture>
{
    private static readonly FallbackStep[] AllSteps = [FallbackStep.ChangeProvider, FallbackStep.CheaperModel, FallbackStep.MoveToFlexOrBatch, FallbackStep.LowerResolution];

    private NanoBananaClient Facade(params FallbackStep[] steps) => fixture.Facade(o =>
    {
        foreach (var step in steps)
        {
            o.Fallback.Add(step);
        }
    });

    private void Fail(FaultMatch match, Fault fault, int times = 1) =>
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = match, Fault = fault, Times = times });

    [Fact]
    public async Task Lower_resolution_after_a_503()
    {
        var facade = Facade(FallbackStep.LowerResolution);
        Fail(FaultMatch.Model(ImageModel.ProImageId), Fault.Status(503));

        var result = await facade.GenerateAsync(new ImageRequest("a poster") { Model = ImageModel.ProImageId, Size = ImageSize.TwoK });

        Assert.Equal(NanoBananaResultKind.Image, result.Kind);
        Assert.NotEmpty(result.Image!.Image.Data.ToArray());
        Assert.Equal(2, result.Attempts.Count);
        Assert.Equal(ErrorKind.ServiceUnavailable, result.Attempts[0].ErrorKind);
        Assert.Equal(0m, result.Attempts[0].CostUsd); // Google bills no 503
        Assert.Equal(FallbackStep.LowerResolution, result.Attempts[1].Step);
        Assert.Equal(ImageSize.OneK, result.Plan.Size);
        Assert.Equal(ImageModel.ProImageId, result.Plan.Model);
        Assert.True(result.Plan.HasReason(RouteReasonCodes.FallbackStep));
        Assert.Equal(result.Image.Cost.EffectiveCostUsd, result.CostUsd);
    }

    [Fact]
    public async Task Cheaper_model_after_a_per_minute_429()
    {
        var facade = Facade(FallbackStep.CheaperModel);
        Fail(FaultMatch.Model(ImageModel.ProImageId), Fault.Status(429, retryDelay: "20s"));

        var result = await facade.GenerateAsync(new ImageRequest("a poster") { Model = ImageModel.ProImageId });

        Assert.Equal(ErrorKind.RateLimited, result.Attempts[0].ErrorKind);
        Assert.Equal(FallbackStep.CheaperModel, result.Attempts[1].Step);
        Assert.Equal(ImageModel.NanoBanana21Id, result.Plan.Model);
        Assert.Equal(ImageModel.NanoBanana21Id, result.Image!.Model.ModelId);
    }

    [Fact]
    public async Task Change_provider_after_a_503_on_the_official_route()
    {
        var facade = Facade(FallbackStep.ChangeProvider);
        Fail(FaultMatch.Surface(FaultRequest.Interactions), Fault.Status(503));

        var result = await facade.GenerateAsync("a banana");

        Assert.Equal(ImageRoute.Official, result.Attempts[0].Plan.Route);
        Assert.Equal(ImageRoute.Provider, result.Plan.Route);
        Assert.Equal("laozhang", result.Plan.Provider);
        Assert.Equal(PriceLane.Provider, result.Image!.Cost.Lane);
        Assert.Equal(0.05m, result.CostUsd);
    }

    [Fact]
    public async Task Move_to_Batch_after_a_shed_Flex_call()
    {
        var facade = Facade(FallbackStep.MoveToFlexOrBatch);
        Fail(FaultMatch.Surface(FaultRequest.Interactions), Fault.Status(503));

        var result = await facade.GenerateAsync(new ImageRequest("a catalogue shot") { Model = ImageModel.ProImageId, Routing = new() { Urgency = RoutingUrgency.Minutes } });

        Assert.Equal(PriceLane.GoogleFlex, result.Attempts[0].Plan.Lane);
        Assert.Equal(NanoBananaResultKind.BatchJob, result.Kind);
        Assert.Null(result.Image);
        Assert.False(string.IsNullOrEmpty(result.BatchJob!.Id));
        Assert.Equal(ImageRoute.Batch, result.Plan.Route);
        Assert.Equal(0.0672m, result.CostUsd); // the Batch estimate stays reserved until the job bills
        Assert.Throws<InvalidOperationException>(() => result.EnsureImage());
    }

    [Fact]
    public async Task Steps_run_in_the_seed_order_one_change_each_and_the_whole_ladder_is_on_the_exception()
    {
        var ledger = new InMemoryBudgetLedger();
        var logs = new ListLogger();
        var facade = fixture.Facade(o => { foreach (var s in AllSteps) { o.Fallback.Add(s); } }, ledger, logs);
        Fail(FaultMatch.Any, Fault.Status(503), times: 10);

        var ex = await Assert.ThrowsAsync<ServiceUnavailableException>(() =>
            facade.GenerateAsync(new ImageRequest("a poster") { Model = ImageModel.ProImageId, Size = ImageSize.FourK }));

        // Pro 4K on Standard → 2K → the default-tier model → a provider; Flex/Batch is refused for real-time work.
        Assert.Equal([null, FallbackStep.LowerResolution, FallbackStep.CheaperModel, FallbackStep.ChangeProvider], ex.Attempts.Select(a => a.Step).ToArray());
        Assert.Equal(ImageSize.TwoK, ex.Attempts[^1].Plan.Size);
        Assert.Equal(ImageModel.NanoBanana21Id, ex.Attempts[^1].Plan.ModelId);
        Assert.Equal("laozhang", ex.Attempts[^1].Plan.Provider);
        for (var i = 1; i < ex.Attempts.Count; i++)
        {
            Assert.Equal(1, Changes(ex.Attempts[i - 1].Plan, ex.Attempts[i].Plan));
        }

        Assert.All(ex.Attempts, a => Assert.NotNull(a.Error));
        Assert.Same(ex, ex.Attempts[^1].Error);
        Assert.Equal(ex.Attempts.Count - 1, logs.Lines.Count(l => l.StartsWith("NanoBanana fallback step", StringComparison.Ordinal) && !l.Contains("skipped", StringComparison.Ordinal)));
        Assert.Contains(logs.Lines, l => l.StartsWith("NanoBanana fallback step MoveToFlexOrBatch skipped", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("NanoBanana no fallback after ServiceUnavailable", StringComparison.Ordinal) && l.Contains("cost so far 0", StringComparison.Ordinal));
        Assert.Equal(0m, await ledger.GetSpentAsync("total", GoogleQuotaDay.For(DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task No_step_on_a_safety_block_and_the_billed_cost_is_settled()
    {
        var ledger = new InMemoryBudgetLedger();
        var facade = fixture.Facade(o => { foreach (var s in AllSteps) { o.Fallback.Add(s); } o.PreferredProvider = "laozhang"; }, ledger);
        Fail(FaultMatch.Surface(FaultRequest.ChatCompletions), Fault.FinishReason("IMAGE_SAFETY"));

        var ex = await Assert.ThrowsAsync<NoImageException>(() => facade.GenerateAsync(new ImageRequest("a poster") { Model = ImageModel.ProImageId }));

        Assert.Single(ex.Attempts);
        Assert.Equal(ImageRoute.Provider, ex.Attempts[0].Plan.Route);
        // The provider's rule bills a 200 without an image: the ledger holds the actual cost, not the estimate.
        Assert.Equal(0.09m, ex.Attempts[0].CostUsd);
        Assert.Equal(0.09m, await ledger.GetSpentAsync("provider:laozhang", GoogleQuotaDay.For(DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task No_step_on_an_authentication_error()
    {
        var facade = Facade(AllSteps);
        Fail(FaultMatch.Any, Fault.Status(401));

        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => facade.GenerateAsync("a banana"));

        Assert.Single(ex.Attempts);
        Assert.Equal(ErrorKind.Authentication, ex.Attempts[0].ErrorKind);
    }

    [Fact]
    public async Task No_step_when_none_is_enabled()
    {
        var facade = Facade();
        Fail(FaultMatch.Any, Fault.Status(503));

        var ex = await Assert.ThrowsAsync<ServiceUnavailableException>(() => facade.GenerateAsync("a banana"));

        Assert.Single(ex.Attempts);
    }

    [Fact]
    public async Task Interactive_work_refuses_the_Flex_or_Batch_step()
    {
        var facade = Facade(FallbackStep.MoveToFlexOrBatch);
        Fail(FaultMatch.Any, Fault.Status(503));

        var ex = await Assert.ThrowsAsync<ServiceUnavailableException>(() => facade.GenerateAsync(new ImageRequest("a banana") { Model = ImageModel.ProImageId }));

        Assert.Single(ex.Attempts);
    }

    [Fact]
    public async Task A_request_pinned_to_Google_refuses_the_provider_step()
    {
        var facade = Facade(FallbackStep.ChangeProvider);
        Fail(FaultMatch.Any, Fault.Status(503));

        var ex = await Assert.ThrowsAsync<ServiceUnavailableException>(() =>
            facade.GenerateAsync(new ImageRequest("a banana") { Google = new() { Labels = new Dictionary<string, string> { ["team"] = "ads" } } }));

        Assert.Single(ex.Attempts);
        Assert.True(ex.Attempts[0].Plan.HasReason(RouteReasonCodes.PinLabels));
    }

    private static int Changes(RoutePlan a, RoutePlan b) =>
        (a.PricedSize != b.PricedSize ? 1 : 0)
        + (a.ModelId != b.ModelId ? 1 : 0)
        + (a.Route != b.Route || a.Lane != b.Lane || a.Provider != b.Provider ? 1 : 0);
}

internal sealed class ListLogger : ILogger
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines)
        {
            Lines.Add(formatter(state, exception));
        }
    }
}

using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Tests.Routing.EndToEnd;

/// <summary>The budget guard against the emulator: refusal before sending, routing down, the ledger's totals per scope.</summary>
public sealed class BudgetGuardEndToEndTests(RoutingEmulatorFixture fixture) : IClassFixture<RoutingEmulatorFixture>
{
    private static DateOnly Today => GoogleQuotaDay.For(DateTimeOffset.UtcNow);

    private int ImageCalls => fixture.Emulator.Journal.Entries.Count(e => e.Path.Contains("interactions", StringComparison.Ordinal));

    [Fact]
    public async Task The_daily_budget_refuses_before_sending_naming_the_budget_and_the_overrun()
    {
        var ledger = new InMemoryBudgetLedger();
        var facade = fixture.Facade(o => o.Budget.PerDayUsd = 0.1m, ledger);

        var one = await facade.GenerateAsync("one");
        var two = await facade.GenerateAsync("two");
        var spent = one.CostUsd + two.CostUsd;
        var sent = ImageCalls;
        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => facade.GenerateAsync("three"));

        Assert.Equal(sent, ImageCalls); // nothing was sent
        Assert.Equal("total", ex.Scope);
        Assert.Equal(0.1m, ex.LimitUsd);
        // Each call settles at its cost record's effective cost (image plus the reported text, thinking and input tokens).
        Assert.Equal(one.Image!.Cost.EffectiveCostUsd + two.Image!.Cost.EffectiveCostUsd, spent);
        Assert.True(spent > 2 * 0.0336m);
        Assert.Equal(spent, ex.SpentUsd);
        Assert.Equal(0.0336m, ex.EstimateUsd);
        Assert.Equal(spent + 0.0336m - 0.1m, ex.OverByUsd);
        Assert.Equal(ErrorKind.BudgetExceeded, ex.Kind);
        Assert.Equal(ErrorOwner.CostInstrumentation, ex.LikelyOwner);
        Assert.False(ex.IsTransient);
        Assert.Contains("Budget 'total' would be passed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("by $", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PerDayUsd", ex.NextMove, StringComparison.Ordinal);
        Assert.Contains("not sent", ex.Packet.BillingEvidence, StringComparison.Ordinal);

        Assert.Equal(spent, await ledger.GetSpentAsync("total", Today));
        Assert.Equal(spent, await ledger.GetSpentAsync("route:Official", Today));
        Assert.Equal(spent, await ledger.GetSpentAsync("model:gemini-nano-banana-2.1", Today));
    }

    [Fact]
    public async Task A_scope_limit_refuses_only_its_scope()
    {
        var ledger = new InMemoryBudgetLedger();
        var facade = fixture.Facade(o => o.Budget.Scopes["model:gemini-3-pro-image"] = 0.2m, ledger);

        var pro = await facade.GenerateAsync(new ImageRequest("pro") { Model = ImageModel.ProImageId });
        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => facade.GenerateAsync(new ImageRequest("pro again") { Model = ImageModel.ProImageId }));
        var other = await facade.GenerateAsync("default model still fits");

        Assert.Equal("model:gemini-3-pro-image", ex.Scope);
        Assert.Contains("Scopes:model:gemini-3-pro-image", ex.NextMove, StringComparison.Ordinal);
        Assert.Equal(NanoBananaResultKind.Image, other.Kind);
        Assert.Equal(pro.CostUsd + other.CostUsd, await ledger.GetSpentAsync("total", Today));
        Assert.True(pro.CostUsd >= 0.1344m && other.CostUsd >= 0.0336m);
    }

    [Fact]
    public async Task Routing_down_fits_the_daily_budget_with_one_step()
    {
        var ledger = new InMemoryBudgetLedger();
        var facade = fixture.Facade(o => { o.Budget.PerDayUsd = 0.06m; o.Budget.RouteDown = true; o.Fallback.Add(FallbackStep.LowerResolution); }, ledger);

        var result = await facade.GenerateAsync(new ImageRequest("a 4K banana") { Size = ImageSize.FourK });

        Assert.Equal(ImageSize.TwoK, result.Plan.Size);
        Assert.True(result.Plan.HasReason(RouteReasonCodes.BudgetRoutedDown));
        Assert.Equal(result.Image!.Cost.EffectiveCostUsd, await ledger.GetSpentAsync("total", Today));
        Assert.True(result.CostUsd is >= 0.0504m and <= 0.06m);
    }

    [Fact]
    public async Task The_per_image_budget_refuses_before_sending()
    {
        var facade = fixture.Facade(o => o.Budget.PerImageUsd = 0.1m);
        var sent = ImageCalls;

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => facade.GenerateAsync(new ImageRequest("pro") { Model = ImageModel.ProImageId }));

        Assert.Equal(sent, ImageCalls);
        Assert.Equal("per-image", ex.Scope);
        Assert.Equal(0.1344m, ex.EstimateUsd);
        Assert.Equal(0.0344m, ex.OverByUsd);
        Assert.Equal(RouteReasonCodes.BudgetPerImageExceeded, ex.Plan.Refusal!.Code);
    }

    [Fact]
    public async Task Offline_work_becomes_a_Batch_job_and_reserves_its_estimate()
    {
        var ledger = new InMemoryBudgetLedger();
        var facade = fixture.Facade(ledger: ledger);

        var result = await facade.GenerateAsync(new ImageRequest("a catalogue of bananas") { ClientRequestId = "order-42", Routing = new() { Urgency = RoutingUrgency.Offline } });

        Assert.Equal(NanoBananaResultKind.BatchJob, result.Kind);
        Assert.Equal("order-42", result.BatchItemKey);
        Assert.Equal(ImageModel.NanoBanana21Id, result.BatchJob!.Model?.Replace("models/", string.Empty, StringComparison.Ordinal));
        Assert.Equal(0.0168m, await ledger.GetSpentAsync("route:Batch", Today));
    }

    [Fact]
    public async Task A_failed_call_Google_does_not_bill_is_settled_at_zero()
    {
        var ledger = new InMemoryBudgetLedger();
        var facade = fixture.Facade(o => o.Budget.PerDayUsd = 10m, ledger);
        fixture.Emulator.Faults.Enqueue(new FaultRule { Fault = Fault.Status(503) });

        await Assert.ThrowsAsync<ServiceUnavailableException>(() => facade.GenerateAsync("a banana"));

        Assert.Equal(0m, await ledger.GetSpentAsync("total", Today));
    }
}

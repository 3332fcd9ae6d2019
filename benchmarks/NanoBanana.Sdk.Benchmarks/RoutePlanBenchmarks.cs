using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace NanoBanana.Sdk.Benchmarks;

/// <summary>
/// <see cref="INanoBananaClient.Plan"/> in steady state: the same kinds of request over and over, as a service plans
/// them. A plan depends only on the request's routing facts and the day, so it is cached by a struct key: a repeat
/// costs the key's hash and one dictionary lookup, and allocates nothing. <c>NewClientAndFirstPlan</c> measures a new client and its first (uncached) plan
/// (the policy itself: model, lane, lifecycle, price lookup, reasons) on a fresh client each time.
/// </summary>
/// <remarks>
/// A ShortRun job in process: a sub-microsecond call needs no separate process, and on a shared build machine the
/// out-of-process boilerplate build can pass BenchmarkDotNet's two-minute build timeout.
/// </remarks>
[Config(typeof(InProcessShortRun))]
public class RoutePlanBenchmarks
{
    private static readonly ImageRequest Default = new("a banana on a desk");

    private static readonly ImageRequest Draft = new("a banana sketch") { Routing = new() { Quality = RoutingQuality.Draft } };

    private static readonly ImageRequest FinalPro = new("a banana poster with a headline")
    {
        Size = ImageSize.FourK,
        AspectRatio = AspectRatio.Landscape16x9,
        Routing = new() { Quality = RoutingQuality.Final, NeedsTextFidelity = true, AllowPro = true, Urgency = RoutingUrgency.Minutes, MaxPerImageUsd = 0.3m },
    };

    private NanoBananaClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = NewClient();
        _ = _client.Plan(Default);
        _ = _client.Plan(Draft);
        _ = _client.Plan(FinalPro);
    }

    [Benchmark(Baseline = true)]
    public RoutePlan DefaultRequest() => _client.Plan(Default);

    [Benchmark]
    public RoutePlan DraftRequest() => _client.Plan(Draft);

    [Benchmark]
    public RoutePlan FinalProFlexWithBudget() => _client.Plan(FinalPro);

    [Benchmark]
    public RoutePlan NewClientAndFirstPlan() => NewClient().Plan(FinalPro);

    private static NanoBananaClient NewClient()
    {
        var options = new RoutingOptions { PreferredProvider = null };
        options.Budget.PerImageUsd = 0.5m;
        return new NanoBananaClient(new PlanOnlyOfficialClient(), batch: null, providers: null, options);
    }

    /// <summary>Plan never calls the route clients; this one refuses if it ever is.</summary>
    private sealed class PlanOnlyOfficialClient : IOfficialImageClient
    {
        public Task<ImageGenerationResult> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageGenerationResult> GenerateAsync(string prompt, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageGenerationResult> EditAsync(string prompt, IReadOnlyList<ImageInput> images, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}

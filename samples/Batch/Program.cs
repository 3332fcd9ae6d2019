// The Batch sample: submit a job of catalog images at the Batch price, wait with progress, write the results to a
// folder, and resume that folder without rewriting what is already there.
//   dotnet run --project samples/Batch -- [--out DIR] [--job batches/ID]
// --job picks up a job submitted earlier (by this sample or anyone) instead of submitting a new one.
// With no GEMINI_API_KEY it runs on an embedded emulator, where one item (sku-004) is scripted to come back without an
// image (IMAGE_SAFETY) so the failure path shows too.
// Exit codes: 0 the job succeeded (failed items are listed), 1 the service failed, 2 bad options, 3 the job ended
// FAILED, CANCELLED or EXPIRED.
using System.Globalization;
using NanoBanana.Samples;
using NanoBanana.Sdk;
using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;

var outDir = "batch-out";
string? jobId = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length:
            outDir = args[++i];
            break;
        case "--job" when i + 1 < args.Length:
            jobId = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Options: --out DIR (default batch-out), --job batches/ID (resume a submitted job).");
            return 2;
    }
}

var ct = SampleBackend.CancelOnCtrlC();

await using var backend = await SampleBackend.StartAsync(Console.Out, emulator =>
{
    // A short job on the emulator: a second pending, three running (the real service takes minutes to hours).
    emulator.BatchPendingDuration = TimeSpan.FromSeconds(1);
    emulator.BatchRunningDuration = TimeSpan.FromSeconds(3);
}, ct);
backend.Emulator?.Faults.Enqueue(new FaultRule
{
    Match = FaultMatch.Where(r => r.Surface == FaultRequest.BatchItem && r.Key == "sku-004"),
    Fault = Fault.FinishReason("IMAGE_SAFETY"),
});

using var client = new BatchImageClient(new BatchImageClientOptions
{
    ApiKey = backend.ApiKey,
    BaseUrl = backend.BaseUrl,
    Model = ModelCatalog.DefaultModelId,
    // Polling backs off from here; the real service's jobs take long, so the default there is 30 s.
    PollInterval = backend.Emulator is null ? BatchImageClientOptions.DefaultPollInterval : TimeSpan.FromSeconds(1),
});

try
{
    ImageBatchJob job;
    if (jobId is null)
    {
        BatchImageItem[] items =
        [
            new("sku-001", new ImageRequest("Studio photo of a yellow ceramic mug on white") { Size = ImageSize.OneK }),
            new("sku-002", new ImageRequest("Studio photo of a banana-shaped phone stand on white") { Size = ImageSize.OneK }),
            new("sku-003", new ImageRequest("Studio photo of a knitted banana plush toy on white") { Size = ImageSize.OneK }),
            new("sku-004", new ImageRequest("Studio photo of a banana-print tote bag on white") { Size = ImageSize.OneK }),
        ];
        var estimate = client.Estimate(items);
        Console.WriteLine($"Estimate: {estimate.ItemCount} images at the Batch price, about {Usd(estimate.TotalUsd)}");
        job = await client.SubmitAsync(items, new BatchSubmitOptions { DisplayName = "sample-catalog" }, ct);
        Console.WriteLine($"Submitted: {job.Id} ({job.InputMode} input). Keep the id: --job {job.Id} picks this job up later.");
    }
    else
    {
        job = await client.GetJobAsync(jobId, ct);
        Console.WriteLine($"Picked up: {job.Id} ({job.State}).");
    }

    var state = await job.WaitForCompletionAsync(new ConsoleProgress(), ct);
    Console.WriteLine($"Finished: {state}; {job.Stats.Succeeded} succeeded, {job.Stats.Failed} failed of {job.Stats.Total}.");
    if (state != BatchJobState.Succeeded)
    {
        Console.WriteLine(job.Error is { } error ? $"Job error: {error.Kind} {error.Message} (owner {error.Owner})" : "The job ended without results to write.");
        if (state != BatchJobState.Expired)
        {
            return 3;
        }
    }

    var folder = Path.GetFullPath(outDir);
    var first = await client.WriteResultsToFolderAsync(job, folder, ct);
    Console.WriteLine($"Results: {Describe(first)} -> {folder}");
    foreach (var failure in Directory.EnumerateFiles(folder, "*.error.json").Order(StringComparer.Ordinal))
    {
        Console.WriteLine($"  failed item: {Path.GetFileName(failure)}");
    }

    // Resuming: a rerun (after a crash, or on another machine with the same folder) skips every image whose size and
    // hash match its .sha256 sidecar and writes only what is missing. Here one image is removed to show it.
    // (Only an image: the folder also holds .sha256 sidecars, .error.json files and the writer's manifest.)
    var removed = Directory.EnumerateFiles(folder).Where(f => Path.GetExtension(f) is ".png" or ".jpg")
        .Order(StringComparer.Ordinal).FirstOrDefault();
    if (removed is not null)
    {
        File.Delete(removed);
        Console.WriteLine($"Removed {Path.GetFileName(removed)} to show a resumed write.");
    }

    var resumed = await client.WriteResultsToFolderAsync(job, folder, ct);
    Console.WriteLine($"Resumed: {Describe(resumed)}");
    return state == BatchJobState.Succeeded ? 0 : 3;
}
catch (NanoBananaException ex)
{
    Console.Error.WriteLine($"Failed: {ex.GetType().Name}: {ex.Message}");
    Console.Error.WriteLine($"Likely owner: {ex.LikelyOwner}. Next move: {ex.NextMove}");
    return 1;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled. The job keeps running on the service; --job picks it up again.");
    return 130;
}

static string Describe(BatchFolderResult r) =>
    $"{r.Written} written, {r.Skipped} skipped, {r.Failed} failed, cost {Usd(r.CostUsd)}";

static string Usd(decimal? amount) => amount is { } value ? "$" + value.ToString("0.0000", CultureInfo.InvariantCulture) : "(no price row)";

/// <summary>Prints each poll as it happens (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
internal sealed class ConsoleProgress : IProgress<BatchJobProgress>
{
    public void Report(BatchJobProgress value) =>
        Console.WriteLine($"  {value.Elapsed.TotalSeconds,5:0.0}s {value.State,-10} {value.Stats.Completed}/{value.Stats.Total} done ({value.Stats.Succeeded} ok, {value.Stats.Failed} failed)");
}

using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Tests.Batch.EndToEnd;

public sealed class BatchEndToEndTests
{
    [Fact]
    public async Task A_file_job_uploads_in_chunks_runs_and_streams_results_matched_to_keys()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var client = env.Client(o => o.UploadChunkBytes = 256);
        var progress = new List<BatchJobProgress>();

        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("sku-001", "sku-002", "sku-003"), new BatchSubmitOptions { DisplayName = "catalog" });
        Assert.StartsWith("batches/", job.Id, StringComparison.Ordinal);
        Assert.Equal(BatchJobState.Pending, job.State);
        Assert.Equal(BatchInputMode.File, job.InputMode);
        Assert.Equal("catalog", job.DisplayName);
        Assert.Equal(3, job.Stats.Total);

        var state = await env.DriveAsync(job.WaitForCompletionAsync(new SyncProgress(progress.Add)));
        Assert.Equal(BatchJobState.Succeeded, state);
        Assert.True(job.HasCompleted);
        Assert.Equal(new BatchJobStats(3, 3, 0, 0), job.Stats);
        Assert.NotNull(job.ResultsFile);
        Assert.NotNull(job.EndTime);
        Assert.Contains(progress, p => p.State == BatchJobState.Running);

        var results = await client.GetResultsAsync(job).ToListAsync();
        Assert.Equal(["sku-001", "sku-002", "sku-003"], results.Select(r => r.Key));
        Assert.All(results, r =>
        {
            Assert.True(r.IsSuccess);
            Assert.Null(r.Result!.Latency);
            Assert.Equal(ImageRoute.Batch, r.Result.Route);
            Assert.Equal(PriceLane.GoogleBatch, r.Cost.Lane);
            Assert.True(r.Cost.Billable);
            Assert.True(r.Cost.EffectiveCostUsd > 0);
            Assert.NotNull(r.Result.Image.TryGetDimensions());
        });
    }

    [Fact]
    public async Task An_inline_job_returns_its_results_from_the_operation()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var client = env.Client();

        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("a", "b"), new BatchSubmitOptions { Mode = BatchInputMode.Inline, DisplayName = "small" });
        Assert.Equal(BatchInputMode.Inline, job.InputMode);
        await env.DriveAsync(job.WaitForCompletionAsync());
        var results = await job.GetResultsAsync().ToListAsync();

        Assert.Equal(["a", "b"], results.Select(r => r.Key));
        Assert.All(results, r => Assert.True(r.IsSuccess));
    }

    [Fact]
    public async Task An_inline_job_over_the_limit_is_refused_before_sending()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var client = env.Client(o => o.InlineLimitBytes = 200);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.SubmitAsync(BatchEmulatorEnv.Items("a", "b", "c"), new BatchSubmitOptions { Mode = BatchInputMode.Inline }));

        Assert.Contains("InlineLimitBytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(await client.ListJobsAsync().ToListAsync());
    }

    [Fact]
    public async Task A_fresh_client_rehydrates_a_job_from_its_id_and_reads_its_results()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var id = (await env.Client().SubmitAsync(BatchEmulatorEnv.Items("x", "y"))).Id;

        var other = env.Client();
        var job = await other.GetJobAsync(id);
        Assert.Equal(id, job.Id);
        await env.DriveAsync(job.WaitForCompletionAsync());

        Assert.Equal(BatchJobState.Succeeded, job.State);
        Assert.Equal(["x", "y"], (await other.GetResultsAsync(job).ToListAsync()).Select(r => r.Key));
        Assert.Equal(id, (await other.GetJobAsync(id["batches/".Length..])).Id);
    }

    [Fact]
    public async Task A_cancelled_job_ends_cancelled_with_its_error()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var client = env.Client();
        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("a", "b"));

        await job.CancelAsync();

        Assert.Equal(BatchJobState.Cancelled, job.State);
        Assert.True(job.HasCompleted);
        Assert.NotNull(job.Error);
        Assert.Empty(await job.GetResultsAsync().ToListAsync());
    }

    [Fact]
    public async Task An_expired_job_yields_the_items_that_finished()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.BatchGenerateContent), Fault = Fault.BatchExpires(2) });
        var client = env.Client();
        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("a", "b", "c", "d"));

        Assert.Equal(BatchJobState.Expired, await env.DriveAsync(job.WaitForCompletionAsync()));
        var results = await client.GetResultsAsync(job).ToListAsync();

        Assert.Equal(["a", "b"], results.Select(r => r.Key));
        Assert.Equal(2, job.Stats.Pending);
        Assert.True(job.HasCompleted);
    }

    [Fact]
    public async Task A_failed_job_reports_its_classified_error_and_no_results()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.BatchGenerateContent), Fault = Fault.BatchFailed(503, "overloaded") });
        var client = env.Client();
        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("a"));

        Assert.Equal(BatchJobState.Failed, await env.DriveAsync(job.WaitForCompletionAsync()));

        Assert.Equal(ErrorKind.ServiceUnavailable, job.Error!.Kind);
        Assert.Equal(503, job.Error.StatusCode);
        Assert.Empty(await client.GetResultsAsync(job).ToListAsync());
    }

    [Fact]
    public async Task Per_item_failures_are_values_with_kind_owner_and_no_image_reason()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Where(r => r.Surface == FaultRequest.BatchItem && r.Key == "b"), Fault = Fault.Status(400, message: "bad item") });
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Where(r => r.Surface == FaultRequest.BatchItem && r.Key == "c"), Fault = Fault.FinishReason("IMAGE_SAFETY") });
        var client = env.Client();
        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("a", "b", "c"));
        await env.DriveAsync(job.WaitForCompletionAsync());

        var results = (await client.GetResultsAsync(job).ToListAsync()).ToDictionary(r => r.Key);

        Assert.True(results["a"].IsSuccess);
        Assert.Equal(ErrorKind.InvalidRequest, results["b"].Error!.Kind);
        Assert.Equal(400, results["b"].Error!.StatusCode);
        Assert.Equal(ErrorOwner.Caller, results["b"].Error!.Owner);
        Assert.False(results["b"].Cost.Billable);
        Assert.Equal(ErrorKind.NoImage, results["c"].Error!.Kind);
        Assert.Equal(NoImageReason.SafetyFinish, results["c"].Error!.NoImageReason);
        Assert.Equal("IMAGE_SAFETY", results["c"].Error!.FinishReason);
    }

    [Fact]
    public async Task A_download_cut_mid_line_is_resumed_and_every_item_arrives_once()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var client = env.Client();
        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("a", "b", "c"));
        await env.DriveAsync(job.WaitForCompletionAsync());
        var whole = await client.GetResultsAsync(job).ToListAsync();
        using var http = new HttpClient();
        using var raw = new HttpRequestMessage(HttpMethod.Get, new Uri(env.Emulator.BaseAddress, $"download/v1beta/{job.ResultsFile}:download?alt=media"));
        raw.Headers.Add("x-goog-api-key", BatchEmulatorEnv.Key);
        var file = await (await http.SendAsync(raw)).Content.ReadAsByteArrayAsync();
        var cut = Array.IndexOf(file, (byte)'\n') + 100;

        // Cut inside the second line: the resumed read must skip the first line's bytes and deliver it only once.
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Path(":download"), Fault = Fault.ConnectionResetAfter(cut) });

        var resumed = await client.GetResultsAsync(job).ToListAsync();

        Assert.Equal(["a", "b", "c"], resumed.Select(r => r.Key));
        Assert.All(resumed, r => Assert.True(r.IsSuccess));
        Assert.Equal(whole.Select(r => r.Result!.Image.Data.ToArray()), resumed.Select(r => r.Result!.Image.Data.ToArray()));
    }

    [Fact]
    public async Task An_upload_chunk_cut_by_a_dropped_connection_is_resumed_at_the_offset_the_server_holds()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var uploads = 0;
        env.Emulator.Faults.Enqueue(new FaultRule
        {
            Match = FaultMatch.Where(r => r.Surface == FaultRequest.Files && r.Path.Contains("/upload/", StringComparison.Ordinal) && Interlocked.Increment(ref uploads) == 2),
            Fault = Fault.ConnectionResetAfter(100),
        });
        var client = env.Client(o => o.UploadChunkBytes = 256);

        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("a", "b", "c", "d"));
        await env.DriveAsync(job.WaitForCompletionAsync());

        Assert.True(uploads >= 2);
        Assert.Equal(["a", "b", "c", "d"], (await client.GetResultsAsync(job).ToListAsync()).Select(r => r.Key));
    }

    [Fact]
    public async Task Waiting_rides_out_a_503_on_get()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var client = env.Client();
        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("a"));
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.Batches), Fault = Fault.Status(503), Times = 2 });

        Assert.Equal(BatchJobState.Succeeded, await env.DriveAsync(job.WaitForCompletionAsync()));
    }

    [Fact]
    public async Task Jobs_are_listed_across_pages_and_deleted()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var client = env.Client();
        var ids = new List<string>();
        foreach (var key in new[] { "a", "b", "c" })
        {
            ids.Add((await client.SubmitAsync(BatchEmulatorEnv.Items(key))).Id);
        }

        var listed = await client.ListJobsAsync(pageSize: 2).ToListAsync();
        Assert.Equal(ids.Order(), listed.Select(j => j.Id).Order());

        await listed[0].DeleteAsync();
        Assert.Equal(2, (await client.ListJobsAsync(pageSize: 2).ToListAsync()).Count);
    }

    [Fact]
    public async Task The_folder_writer_resumes_after_a_crash_and_skips_what_is_there()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Where(r => r.Surface == FaultRequest.BatchItem && r.Key == "sku/3"), Fault = Fault.Status(500) });
        var client = env.Client();
        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("sku/1", "sku/2", "sku/3"));
        await env.DriveAsync(job.WaitForCompletionAsync());
        var folder = Directory.CreateTempSubdirectory("nb-batch-").FullName;
        try
        {
            // A crash after the first image: it has its sidecar; the second was half written.
            using (var stop = new CancellationTokenSource())
            {
                await foreach (var item in client.GetResultsAsync(job))
                {
                    await File.WriteAllBytesAsync(Path.Combine(folder, "sku%2F2.png.partial"), [1, 2, 3]);
                    break;
                }
            }

            var first = await client.WriteResultsToFolderAsync(job, folder);
            Assert.Equal(new BatchFolderResult { Written = 2, Skipped = 0, Failed = 1, CostUsd = first.CostUsd, ReusedWithoutDownload = 0 }, first);
            Assert.True(first.CostUsd > 0);
            File.Delete(Path.Combine(folder, "sku%2F2.png.sha256"));
            await File.WriteAllBytesAsync(Path.Combine(folder, "sku%2F1.png"), [0]);
            File.Delete(Path.Combine(folder, "sku%2F1.png"));

            var second = await client.WriteResultsToFolderAsync(job, folder);

            Assert.Equal(2, second.Written);
            Assert.Equal(0, second.Skipped);
            // Every item verified on disk against the manifest: nothing is downloaded again.
            var downloads = env.Emulator.Journal.Entries.Count(e => e.Path.Contains(":download", StringComparison.Ordinal));
            var third = await client.WriteResultsToFolderAsync(job, folder);
            Assert.Equal(new BatchFolderResult { Written = 0, Skipped = 2, Failed = 1, CostUsd = first.CostUsd, ReusedWithoutDownload = 3 }, third);
            Assert.Equal(downloads, env.Emulator.Journal.Entries.Count(e => e.Path.Contains(":download", StringComparison.Ordinal)));

            // A damaged image (same size, other bytes) is found by its hash: the download resumes at that item.
            var damaged = Path.Combine(folder, "sku%2F2.png");
            var bytes = await File.ReadAllBytesAsync(damaged);
            bytes[^1] ^= 0xFF;
            await File.WriteAllBytesAsync(damaged, bytes);
            var fourth = await client.WriteResultsToFolderAsync(job, folder);
            Assert.Equal(1, fourth.Written);
            Assert.Equal(1, fourth.ReusedWithoutDownload);
            Assert.Equal(first.CostUsd, fourth.CostUsd);
            Assert.True(env.Emulator.Journal.Entries.Count(e => e.Path.Contains(":download", StringComparison.Ordinal)) > downloads);
            Assert.True(File.Exists(Path.Combine(folder, "sku%2F3.error.json")));
            Assert.Contains("ServerError", await File.ReadAllTextAsync(Path.Combine(folder, "sku%2F3.error.json")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Results_of_an_unfinished_job_are_refused()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var client = env.Client();
        var job = await client.SubmitAsync(BatchEmulatorEnv.Items("a"));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await client.GetResultsAsync(job).ToListAsync());
    }

    [Fact]
    public async Task A_ten_thousand_item_job_streams_in_and_out_without_holding_it_whole()
    {
        await using var env = await BatchEmulatorEnv.StartAsync();
        var client = env.Client();

        // One prompt for every item: the emulator caches identical images.
        static async IAsyncEnumerable<BatchImageItem> Items()
        {
            for (var i = 0; i < 10_000; i++)
            {
                yield return new BatchImageItem("sku-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), new ImageRequest("a banana") { Size = ImageSize.OneK });
            }

            await Task.CompletedTask;
        }

        var estimate = await client.EstimateAsync(Items());
        var job = await client.SubmitAsync(Items());
        Assert.Equal(BatchJobState.Succeeded, await env.DriveAsync(job.WaitForCompletionAsync()));

        long count = 0;
        decimal cost = 0;
        string? last = null;
        await foreach (var item in client.GetResultsAsync(job))
        {
            Assert.True(item.IsSuccess);
            count++;
            cost += item.Cost.EffectiveCostUsd ?? 0;
            last = item.Key;
        }

        Assert.Equal(10_000, count);
        Assert.Equal("sku-09999", last);
        Assert.Equal(10_000, estimate.ItemCount);
        Assert.True(cost > 0);
    }

    private sealed class SyncProgress(Action<BatchJobProgress> report) : IProgress<BatchJobProgress>
    {
        public void Report(BatchJobProgress value) => report(value);
    }
}

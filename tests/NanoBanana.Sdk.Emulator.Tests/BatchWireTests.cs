using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>The Batch/Files wire as WIRE.md pins it, and the batch faults the Batch client is tested with.</summary>
public sealed class BatchWireTests
{
    private static readonly TimeSpan ToTheEnd = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_finished_file_batch_is_an_operation_with_metadata_done_and_response()
    {
        await using var env = await BatchClient.StartAsync();
        var (name, _) = await BatchClient.CreateFileBatchAsync(env, "wire", "a", "b");

        env.Time.Advance(ToTheEnd);
        var done = await BatchClient.GetOkAsync(env.Http, name);

        Assert.Equal(["name", "metadata", "done", "response"], done.EnumerateObject().Select(p => p.Name));
        var metadata = done.GetProperty("metadata");
        Assert.Equal(
            ["@type", "model", "displayName", "inputConfig", "output", "createTime", "updateTime", "endTime", "batchStats", "state", "name"],
            metadata.EnumerateObject().Select(p => p.Name));
        Assert.Equal("type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch", metadata.GetProperty("@type").GetString());
        Assert.Equal("models/" + BatchClient.Model, metadata.GetProperty("model").GetString());
        Assert.Equal(name, metadata.GetProperty("name").GetString());
        Assert.Equal("BATCH_STATE_SUCCEEDED", BatchClient.State(done));
        Assert.Equal("2", metadata.GetProperty("batchStats").GetProperty("requestCount").GetString());
        Assert.Equal("2", metadata.GetProperty("batchStats").GetProperty("successfulRequestCount").GetString());
        Assert.False(metadata.GetProperty("batchStats").TryGetProperty("failedRequestCount", out _));
        Assert.False(metadata.GetProperty("batchStats").TryGetProperty("pendingRequestCount", out _));
        var file = "files/batch-" + name["batches/".Length..];
        Assert.Equal(file, metadata.GetProperty("output").GetProperty("responsesFile").GetString());
        var response = done.GetProperty("response");
        Assert.Equal("type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput", response.GetProperty("@type").GetString());
        Assert.Equal(file, response.GetProperty("responsesFile").GetString());
    }

    [Fact]
    public async Task A_missing_display_name_is_400_in_googles_wording()
    {
        await using var env = await BatchClient.StartAsync();

        var (response, json) = await BatchClient.CreateAsync(env.Http, BatchClient.InlineBody(null, ("a", BatchClient.Request())));

        Client.AssertError(response, json, 400, "INVALID_ARGUMENT");
        Assert.Equal("* BatchGenerateContentRequest.batch.display_name: Required field is not set.", json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("batch.display_name", Client.Detail(json, "BadRequest").GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_results_file_is_the_same_from_both_download_paths_and_on_every_read()
    {
        await using var env = await BatchClient.StartAsync();
        var (name, _) = await BatchClient.CreateFileBatchAsync(env, "twice", "a", "b", "c");
        env.Time.Advance(ToTheEnd);
        var file = BatchClient.ResultsFile(await BatchClient.GetOkAsync(env.Http, name));

        var documented = await BatchClient.DownloadAsync(env.Http, file);
        var sdkPath = await BatchClient.DownloadAsync(env.Http, file, prefix: "v1beta/");
        var resource = await BatchClient.GetOkAsync(env.Http, file);

        Assert.Equal(documented, sdkPath);
        var lines = BatchClient.Lines(documented);
        Assert.Equal(["a", "b", "c"], lines.Select(l => l.GetProperty("key").GetString()));
        Assert.All(lines, l => Assert.NotEmpty(BatchClient.Image(l.GetProperty("response"))));
        Assert.Equal(documented.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), resource.GetProperty("sizeBytes").GetString());
        Assert.Equal(Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(documented)))),
            resource.GetProperty("sha256Hash").GetString());
        Assert.Equal("GENERATED", resource.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_batch_failed_fault_fails_the_whole_batch_when_it_starts()
    {
        await using var env = await BatchClient.StartAsync();
        env.Emulator.Faults.Enqueue(new FaultRule
        {
            Match = FaultMatch.Surface(FaultRequest.BatchGenerateContent),
            Fault = Fault.BatchFailed(503, "The batch could not be scheduled."),
        });
        var (created, pending) = await BatchClient.CreateAsync(env.Http, BatchClient.InlineBody("doomed", ("a", BatchClient.Request()), ("b", BatchClient.Request())));
        var name = pending.GetProperty("name").GetString()!;

        env.Time.Advance(TimeSpan.FromSeconds(9));
        var stillPending = await BatchClient.GetOkAsync(env.Http, name);
        env.Time.Advance(TimeSpan.FromSeconds(1));
        var failed = await BatchClient.GetOkAsync(env.Http, name);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("BATCH_STATE_PENDING", BatchClient.State(stillPending));
        Assert.False(stillPending.TryGetProperty("done", out _));
        Assert.Equal("BATCH_STATE_FAILED", BatchClient.State(failed));
        Assert.True(failed.GetProperty("done").GetBoolean());
        var error = failed.GetProperty("error");
        Assert.Equal(14, error.GetProperty("code").GetInt32()); // UNAVAILABLE
        Assert.Equal("The batch could not be scheduled.", error.GetProperty("message").GetString());
        Assert.False(failed.TryGetProperty("response", out _));
        Assert.False(failed.GetProperty("metadata").TryGetProperty("output", out _));
        Assert.Equal(2, BatchClient.Stat(failed, "requestCount"));
        Assert.Equal(0, BatchClient.Stat(failed, "successfulRequestCount"));
        Assert.Equal(0, env.Emulator.Faults.PendingCount);
    }

    [Fact]
    public async Task A_batch_expires_fault_leaves_a_results_file_with_what_finished()
    {
        await using var env = await BatchClient.StartAsync();
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.BatchGenerateContent), Fault = Fault.BatchExpires(2) });
        var (name, _) = await BatchClient.CreateFileBatchAsync(env, "partial", "a", "b", "c", "d");

        env.Time.Advance(TimeSpan.FromSeconds(20)); // pending 10 s, then 4 items over 30 s: the 2nd finishes at 25 s
        var running = await BatchClient.GetOkAsync(env.Http, name);
        env.Time.Advance(TimeSpan.FromSeconds(5));
        var expired = await BatchClient.GetOkAsync(env.Http, name);
        env.Time.Advance(TimeSpan.FromHours(1));
        var later = await BatchClient.GetOkAsync(env.Http, name);

        Assert.Equal("BATCH_STATE_RUNNING", BatchClient.State(running));
        Assert.Equal("BATCH_STATE_EXPIRED", BatchClient.State(expired));
        Assert.True(expired.GetProperty("done").GetBoolean());
        Assert.False(expired.TryGetProperty("error", out _));
        Assert.Equal("2026-11-23T08:00:25.000000000Z", expired.GetProperty("metadata").GetProperty("endTime").GetString());
        Assert.Equal(4, BatchClient.Stat(expired, "requestCount"));
        Assert.Equal(2, BatchClient.Stat(expired, "successfulRequestCount"));
        Assert.Equal(2, BatchClient.Stat(expired, "pendingRequestCount"));
        var file = BatchClient.ResultsFile(expired);
        Assert.Equal(file, expired.GetProperty("response").GetProperty("responsesFile").GetString());
        Assert.Equal(expired.ToString(), later.ToString());
        var lines = BatchClient.Lines(await BatchClient.DownloadAsync(env.Http, file));
        Assert.Equal(["a", "b"], lines.Select(l => l.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task An_expired_inline_batch_carries_the_finished_inlined_responses_in_metadata_and_response()
    {
        await using var env = await BatchClient.StartAsync();
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.BatchGenerateContent), Fault = Fault.BatchExpires(1) });
        var (_, pending) = await BatchClient.CreateAsync(env.Http,
            BatchClient.InlineBody("partial-inline", ("a", BatchClient.Request()), ("b", BatchClient.Request()), ("c", BatchClient.Request())));

        env.Time.Advance(ToTheEnd);
        var expired = await BatchClient.GetOkAsync(env.Http, pending.GetProperty("name").GetString()!);

        Assert.Equal("BATCH_STATE_EXPIRED", BatchClient.State(expired));
        foreach (var holder in new[] { expired.GetProperty("metadata").GetProperty("output"), expired.GetProperty("response") })
        {
            var item = Assert.Single(holder.GetProperty("inlinedResponses").GetProperty("inlinedResponses").EnumerateArray());
            Assert.Equal("a", item.GetProperty("metadata").GetProperty("key").GetString());
            Assert.NotEmpty(BatchClient.Image(item.GetProperty("response")));
        }
    }

    [Fact]
    public async Task Per_item_errors_are_status_lines_in_the_results_file()
    {
        await using var env = await BatchClient.StartAsync();
        env.Emulator.Faults.Enqueue(new FaultRule
        {
            Match = FaultMatch.Where(r => r.Surface == FaultRequest.BatchItem && r.Key == "b"),
            Fault = Fault.Status(429, message: "Resource has been exhausted (e.g. check quota)."),
        });
        var (name, _) = await BatchClient.CreateFileBatchAsync(env, "items", "a", "b", "c");
        env.Time.Advance(ToTheEnd);
        var done = await BatchClient.GetOkAsync(env.Http, name);

        var lines = BatchClient.Lines(await BatchClient.DownloadAsync(env.Http, BatchClient.ResultsFile(done)));

        Assert.Equal(2, BatchClient.Stat(done, "successfulRequestCount"));
        Assert.Equal(1, BatchClient.Stat(done, "failedRequestCount"));
        var error = lines[1].GetProperty("error");
        Assert.Equal(["key", "error"], lines[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal(8, error.GetProperty("code").GetInt32());
        Assert.Equal("Resource has been exhausted (e.g. check quota).", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Batches_get_can_answer_503_then_recover()
    {
        await using var env = await BatchClient.StartAsync();
        var (name, _) = await BatchClient.CreateFileBatchAsync(env, "flaky", "a");
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.Batches), Fault = Fault.Status(503) });

        var (unavailable, json) = await BatchClient.GetAsync(env.Http, name);
        var (ok, _) = await BatchClient.GetAsync(env.Http, name);

        Client.AssertError(unavailable, json, 503, "UNAVAILABLE");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A_results_download_can_be_cut_in_the_middle_of_a_line()
    {
        await using var env = await BatchClient.StartAsync();
        var (name, _) = await BatchClient.CreateFileBatchAsync(env, "cut", "a", "b", "c");
        env.Time.Advance(ToTheEnd);
        var file = BatchClient.ResultsFile(await BatchClient.GetOkAsync(env.Http, name));
        var whole = await BatchClient.DownloadAsync(env.Http, file);
        var firstLine = Array.IndexOf(whole, (byte)'\n') + 1;
        var cut = firstLine + 100;
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Path(":download"), Fault = Fault.ConnectionResetAfter(cut) });

        var (received, failure) = await BatchClient.DownloadUntilCutAsync(env.Http, file);

        Assert.NotNull(failure);
        Assert.Equal(cut, received.Length);
        Assert.Equal(whole[..cut], received);
        Assert.NotEqual((byte)'\n', received[^1]);
        Assert.Equal(whole, await BatchClient.DownloadAsync(env.Http, file));
    }

    [Fact]
    public async Task A_resumable_upload_resumes_after_a_dropped_chunk_and_query_reports_final_after_finalize()
    {
        await using var env = await BatchClient.StartAsync();
        var bytes = RandomNumberGenerator.GetBytes(1000);
        using var start = await env.Http.SendAsync(BatchClient.StartUpload(bytes.Length, "application/octet-stream", "resumed"));
        var url = BatchClient.Header(start, "X-Goog-Upload-URL");
        env.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Path("/upload/"), Fault = Fault.ConnectionResetAfter(300) });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => env.Http.SendAsync(BatchClient.Chunk(url, bytes[..600], 0, "upload")));
        using var query = await env.Http.SendAsync(BatchClient.Chunk(url, [], 0, "query"));
        var received = long.Parse(BatchClient.Header(query, "X-Goog-Upload-Size-Received"), System.Globalization.CultureInfo.InvariantCulture);
        using var second = await env.Http.SendAsync(BatchClient.Chunk(url, bytes[(int)received..600], received, "upload"));
        var (last, json) = await Client.SendAsync(env.Http, BatchClient.Chunk(url, bytes[600..], 600, "upload, finalize"));
        var (again, againJson) = await Client.SendAsync(env.Http, BatchClient.Chunk(url, [], 0, "query"));

        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal("active", BatchClient.Header(query, "X-Goog-Upload-Status"));
        Assert.Equal(300, received);
        Assert.Equal("600", BatchClient.Header(second, "X-Goog-Upload-Size-Received"));
        Assert.Equal("final", BatchClient.Header(last, "X-Goog-Upload-Status"));
        Assert.Equal("final", BatchClient.Header(again, "X-Goog-Upload-Status"));
        Assert.Equal("1000", BatchClient.Header(again, "X-Goog-Upload-Size-Received"));
        Assert.Equal(json.GetProperty("file").GetProperty("name").GetString(), againJson.GetProperty("file").GetProperty("name").GetString());
        Assert.Equal(bytes, await BatchClient.DownloadAsync(env.Http, json.GetProperty("file").GetProperty("name").GetString()!));
    }

    [Fact]
    public async Task Several_upload_chunks_then_upload_finalize_with_offset_checks()
    {
        await using var env = await BatchClient.StartAsync();
        var bytes = RandomNumberGenerator.GetBytes(900);
        using var start = await env.Http.SendAsync(BatchClient.StartUpload(bytes.Length, "application/octet-stream", null));
        var url = BatchClient.Header(start, "X-Goog-Upload-URL");

        using var one = await env.Http.SendAsync(BatchClient.Chunk(url, bytes[..300], 0, "upload"));
        using var two = await env.Http.SendAsync(BatchClient.Chunk(url, bytes[300..600], 300, "upload"));
        var (stale, staleJson) = await Client.SendAsync(env.Http, BatchClient.Chunk(url, bytes[300..600], 300, "upload"));
        var (last, json) = await Client.SendAsync(env.Http, BatchClient.Chunk(url, bytes[600..], 600, "upload, finalize"));

        Assert.Equal("300", BatchClient.Header(one, "X-Goog-Upload-Size-Received"));
        Assert.Equal("600", BatchClient.Header(two, "X-Goog-Upload-Size-Received"));
        Client.AssertError(stale, staleJson, 400, "INVALID_ARGUMENT");
        Assert.Equal("final", BatchClient.Header(last, "X-Goog-Upload-Status"));
        Assert.Equal(bytes, await BatchClient.DownloadAsync(env.Http, json.GetProperty("file").GetProperty("name").GetString()!));
    }

    [Fact]
    public async Task A_ten_thousand_item_file_batch_succeeds_and_streams_its_results()
    {
        const int Count = 10_000;
        await using var env = await BatchClient.StartAsync(o => o.BatchRunningDuration = TimeSpan.FromMinutes(10));
        var keys = Enumerable.Range(0, Count).Select(i => $"sku-{i:D5}").ToArray();
        var (name, _) = await BatchClient.CreateFileBatchAsync(env, "ten-thousand", keys);

        env.Time.Advance(TimeSpan.FromMinutes(11));
        var done = await BatchClient.GetOkAsync(env.Http, name);
        using var response = await env.Http.SendAsync(Client.Get($"download/v1beta/{BatchClient.ResultsFile(done)}:download?alt=media"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var seen = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(keys[seen], json.RootElement.GetProperty("key").GetString());
            seen++;
        }

        Assert.Equal("BATCH_STATE_SUCCEEDED", BatchClient.State(done));
        Assert.Equal(Count, BatchClient.Stat(done, "successfulRequestCount"));
        Assert.Equal(Count, seen);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class FilesTests
{
    [Fact]
    public async Task Resumable_upload_start_answers_an_upload_url_and_finalize_answers_the_file()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var bytes = Encoding.UTF8.GetBytes("{\"key\":\"a\"}\n");

        using var start = await http.SendAsync(BatchClient.StartUpload(bytes.Length, "application/jsonl", "requests.jsonl"));
        var uploadUrl = BatchClient.Header(start, "X-Goog-Upload-URL");
        var (finalized, json) = await Client.SendAsync(http, BatchClient.Chunk(uploadUrl, bytes, 0, "upload, finalize"));

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal("active", BatchClient.Header(start, "X-Goog-Upload-Status"));
        Assert.StartsWith(emulator.BaseAddress + "upload/v1beta/files?upload_id=", uploadUrl, StringComparison.Ordinal);
        Assert.Empty(await start.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, finalized.StatusCode);
        Assert.Equal("final", BatchClient.Header(finalized, "X-Goog-Upload-Status"));
        var file = json.GetProperty("file");
        var name = file.GetProperty("name").GetString()!;
        Assert.Matches("^files/[a-z0-9]{12}$", name);
        Assert.Equal("requests.jsonl", file.GetProperty("displayName").GetString());
        Assert.Equal("application/jsonl", file.GetProperty("mimeType").GetString());
        Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), file.GetProperty("sizeBytes").GetString());
        Assert.Equal("ACTIVE", file.GetProperty("state").GetString());
        Assert.Equal("UPLOADED", file.GetProperty("source").GetString());
        Assert.Equal(emulator.BaseAddress + "v1beta/" + name, file.GetProperty("uri").GetString());
        Assert.Equal("2026-11-23T08:00:00.000000000Z", file.GetProperty("createTime").GetString());
        Assert.Equal("2026-11-25T08:00:00.000000000Z", file.GetProperty("expirationTime").GetString());
        Assert.False(file.TryGetProperty("downloadUri", out _));
        var hex = Encoding.ASCII.GetString(Convert.FromBase64String(file.GetProperty("sha256Hash").GetString()!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), hex);
    }

    [Fact]
    public async Task Chunks_must_arrive_at_the_right_offset_and_add_up_to_the_announced_length()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var bytes = RandomNumberGenerator.GetBytes(1000);

        using var start = await http.SendAsync(BatchClient.StartUpload(bytes.Length, "application/octet-stream", null));
        var url = BatchClient.Header(start, "X-Goog-Upload-URL");
        var (first, _) = await SendAsync(http, BatchClient.Chunk(url, bytes[..600], 0, "upload"));
        var (wrongOffset, wrongOffsetJson) = await Client.SendAsync(http, BatchClient.Chunk(url, bytes[600..], 100, "upload, finalize"));
        var (tooShort, tooShortJson) = await Client.SendAsync(http, BatchClient.Chunk(url, bytes[600..900], 600, "upload, finalize"));
        var (query, _) = await SendAsync(http, BatchClient.Chunk(url, [], 0, "query"));
        var (last, json) = await Client.SendAsync(http, BatchClient.Chunk(url, bytes[900..], 900, "upload, finalize"));
        var (afterFinal, afterFinalJson) = await Client.SendAsync(http, BatchClient.Chunk(url, [1], 1000, "upload, finalize"));

        Assert.Equal("active", BatchClient.Header(first, "X-Goog-Upload-Status"));
        Assert.Equal("600", BatchClient.Header(first, "X-Goog-Upload-Size-Received"));
        Client.AssertError(wrongOffset, wrongOffsetJson, 400, "INVALID_ARGUMENT");
        Client.AssertError(tooShort, tooShortJson, 400, "INVALID_ARGUMENT");
        Assert.Equal("900", BatchClient.Header(query, "X-Goog-Upload-Size-Received"));
        Assert.Equal("final", BatchClient.Header(last, "X-Goog-Upload-Status"));
        Assert.Equal("application/octet-stream", json.GetProperty("file").GetProperty("mimeType").GetString());
        Client.AssertError(afterFinal, afterFinalJson, 404, "NOT_FOUND");
        Assert.Equal(bytes, await BatchClient.DownloadAsync(http, json.GetProperty("file").GetProperty("name").GetString()!));
    }

    [Fact]
    public async Task Get_returns_the_resource_and_download_returns_the_bytes_with_their_mime_type()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var bytes = Encoding.UTF8.GetBytes("line one\nline two\n");
        var uploaded = await BatchClient.UploadAsync(http, bytes, "text/plain");
        var name = uploaded.GetProperty("name").GetString()!;

        var got = await BatchClient.GetOkAsync(http, name);
        using var download = await http.SendAsync(Client.Get($"download/v1beta/{name}:download?alt=media"));
        var (noAlt, noAltJson) = await Client.SendAsync(http, Client.Get($"download/v1beta/{name}:download"));

        Assert.Equal(uploaded.GetRawText(), got.GetRawText());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/plain", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Client.AssertError(noAlt, noAltJson, 400, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task Files_expire_after_their_lifetime_on_the_emulator_clock()
    {
        await using var env = await BatchClient.StartAsync(o => o.FileLifetime = TimeSpan.FromHours(2));
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var name = (await BatchClient.UploadAsync(http, [1, 2, 3])).GetProperty("name").GetString()!;

        time.Advance(TimeSpan.FromHours(1));
        var (alive, _) = await BatchClient.GetAsync(http, name);
        time.Advance(TimeSpan.FromHours(1));
        var (expired, json) = await BatchClient.GetAsync(http, name);

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Client.AssertError(expired, json, 403, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Another_projects_file_looks_missing()
    {
        await using var env = await BatchClient.StartAsync(o =>
        {
            o.ApiKeys[Client.Key] = "project-a";
            o.ApiKeys["other-key"] = "project-b";
        });
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var name = (await BatchClient.UploadAsync(http, [1, 2, 3])).GetProperty("name").GetString()!;

        var (other, json) = await BatchClient.GetAsync(http, name, key: "other-key");
        var (missing, missingJson) = await BatchClient.GetAsync(http, "files/doesnotexist");

        Client.AssertError(other, json, 403, "PERMISSION_DENIED");
        Assert.Equal($"You do not have permission to access the File {name["files/".Length..]} or it may not exist.", json.GetProperty("error").GetProperty("message").GetString());
        Client.AssertError(missing, missingJson, 403, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task List_pages_newest_first_and_delete_removes_a_file()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            names.Add((await BatchClient.UploadAsync(http, [(byte)i], displayName: $"f{i}")).GetProperty("name").GetString()!);
        }

        var (_, first) = await Client.SendAsync(http, Client.Get("v1beta/files?pageSize=2"));
        var (_, second) = await Client.SendAsync(http, Client.Get("v1beta/files?pageSize=2&pageToken=" + Uri.EscapeDataString(first.GetProperty("nextPageToken").GetString()!)));
        var (deleted, deletedJson) = await Client.SendAsync(http, new HttpRequestMessage(HttpMethod.Delete, "v1beta/" + names[1]) { Headers = { { "x-goog-api-key", Client.Key } } });
        var (gone, goneJson) = await BatchClient.GetAsync(http, names[1]);

        Assert.Equal([names[2], names[1]], first.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal([names[0]], second.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.False(second.TryGetProperty("nextPageToken", out _));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("{}", deletedJson.GetRawText());
        Client.AssertError(gone, goneJson, 403, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Files_endpoints_need_a_key_but_the_upload_url_is_its_own_credential()
    {
        await using var env = await BatchClient.StartAsync(o => o.ApiKeys[Client.Key] = "project-a");
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var name = (await BatchClient.UploadAsync(http, [1, 2, 3])).GetProperty("name").GetString()!;

        foreach (var key in new string?[] { null, "wrong-key" })
        {
            var (start, startJson) = await Client.SendAsync(http, BatchClient.StartUpload(3, "text/plain", null, key));
            var (get, getJson) = await BatchClient.GetAsync(http, name, key);
            var (list, listJson) = await Client.SendAsync(http, Client.Get("v1beta/files", key));
            var (download, downloadJson) = await Client.SendAsync(http, Client.Get($"download/v1beta/{name}:download?alt=media", key));
            var (status, code) = key is null ? ("PERMISSION_DENIED", 403) : ("INVALID_ARGUMENT", 400);
            Client.AssertError(start, startJson, code, status);
            Client.AssertError(get, getJson, code, status);
            Client.AssertError(list, listJson, code, status);
            Client.AssertError(download, downloadJson, code, status);
        }

        // The real upload URL carries its upload_id and works without the API key.
        using var started = await http.SendAsync(BatchClient.StartUpload(2, "text/plain", null));
        var chunk = BatchClient.Chunk(BatchClient.Header(started, "X-Goog-Upload-URL"), [7, 8], 0, "upload, finalize");
        chunk.Headers.Remove("x-goog-api-key");
        var (finalized, _) = await SendAsync(http, chunk);
        var (unknown, unknownJson) = await Client.SendAsync(http, BatchClient.Chunk(emulator.BaseAddress + "upload/v1beta/files?upload_id=nope&upload_protocol=resumable", [1], 0, "upload, finalize"));

        Assert.Equal("final", BatchClient.Header(finalized, "X-Goog-Upload-Status"));
        Client.AssertError(unknown, unknownJson, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Only_the_resumable_protocol_is_accepted()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);

        var (response, json) = await Client.SendAsync(http, Client.Post("upload/v1beta/files", "{}"));

        Client.AssertError(response, json, 400, "INVALID_ARGUMENT");
        Assert.Contains("resumable", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downloads_play_the_fault_plan()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var bytes = Encoding.UTF8.GetBytes(new string('x', 1000));
        var name = (await BatchClient.UploadAsync(http, bytes, "text/plain")).GetProperty("name").GetString()!;
        emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Path(":download"), Fault = Fault.TruncatedJson() });
        emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.Files), Fault = Fault.Status(503, retryDelay: "5s") });

        var truncated = await BatchClient.DownloadAsync(http, name);
        var (unavailable, json) = await BatchClient.GetAsync(http, name);

        Assert.Equal(500, truncated.Length);
        Client.AssertError(unavailable, json, 503, "UNAVAILABLE");
        Assert.Equal("5s", Client.Detail(json, "RetryInfo").GetProperty("retryDelay").GetString());
    }

    private static async Task<(HttpResponseMessage Response, byte[] Body)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }
}

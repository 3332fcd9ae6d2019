using System.Net;
using System.Text.Json;
using NanoBanana.Sdk.Emulator.Http;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>
/// @google/genai 3.1.0 sends every Gemini API call to <c>/v1/…</c> unless told otherwise (found by eng/interop.sh):
/// the emulator answers <c>v1</c> like <c>v1beta</c>.
/// </summary>
public sealed class ApiVersionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Model = "gemini-3.1-flash-image";
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task V1_generateContent_answers_like_v1beta()
    {
        var body = Client.GenerateBody(size: "2K", ratio: "16:9", seed: 7);
        var (v1, v1Json) = await Client.SendAsync(_http, Client.Post($"v1/models/{Model}:generateContent", body));
        var (v1beta, v1betaJson) = await Client.GenerateAsync(_http, Model, body);

        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, v1beta.StatusCode);
        Assert.Equal((2752, 1536), Png.Validate(Client.FinalImage(v1Json)));
        Assert.Equal(Client.FinalImage(v1betaJson), Client.FinalImage(v1Json));
    }

    [Fact]
    public async Task V1_streamGenerateContent_streams_sse()
    {
        var request = Client.Post($"v1/models/{Model}:streamGenerateContent?alt=sse", Client.GenerateBody());

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", Client.ContentType(response)?.MediaType);
        Assert.StartsWith("data: {", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1_interactions_create_and_get()
    {
        var (created, createdJson) = await Client.SendAsync(_http, Client.Post("v1/interactions",
            JsonSerializer.Serialize(new { model = Model, input = "a banana in space", response_format = new { type = "image", aspect_ratio = "16:9", image_size = "2K" } })));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = createdJson.GetProperty("id").GetString();

        // The SDK's get sends ?stream=false.
        var (read, readJson) = await Client.SendAsync(_http, Client.Get($"v1/interactions/{id}?stream=false"));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(id, readJson.GetProperty("id").GetString());
        Assert.Equal((2752, 1536), Png.Validate(InteractionsTests.OutputImage(readJson)));
    }

    [Fact]
    public async Task V1_requests_are_journaled_and_faulted_with_the_path_as_sent()
    {
        await using var emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions(), CancellationToken.None);
        using var http = Client.For(emulator);
        emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Path("generateContent"), Fault = Fault.Status(503) });

        var (response, json) = await Client.SendAsync(http, Client.Post($"v1/models/{Model}:generateContent", Client.GenerateBody()));

        Client.AssertError(response, json, 503, "UNAVAILABLE");
        Assert.Equal($"/v1/models/{Model}:generateContent", Assert.Single(emulator.Journal.Entries).Path);
    }

    [Fact]
    public async Task V1_batches_and_files_answer_like_v1beta()
    {
        var (batch, batchJson) = await Client.SendAsync(_http, Client.Post($"v1/models/{Model}:batchGenerateContent",
            BatchClient.InlineBody("v1", ("sku-1", BatchClient.Request()))));
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var name = batchJson.GetProperty("name").GetString();

        var (read, readJson) = await Client.SendAsync(_http, Client.Get($"v1/{name}"));
        var (files, _) = await Client.SendAsync(_http, Client.Get("v1/files"));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(name, readJson.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, files.StatusCode);
    }

    [Fact]
    public async Task The_gateway_keeps_its_root_v1_paths()
    {
        var request = Client.Post("v1/chat/completions", JsonSerializer.Serialize(new { model = Model, messages = new[] { new { role = "user", content = "a banana" } } }), key: null);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk-interop");

        var (response, json) = await Client.SendAsync(_http, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(json.TryGetProperty("choices", out _));
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v1alpha")]
    [InlineData("v1beta1")]
    public async Task Other_versions_are_not_served(string version)
    {
        using var response = await _http.SendAsync(Client.Post($"{version}/models/{Model}:generateContent", Client.GenerateBody()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/models/m:generateContent", "/v1beta/models/m:generateContent")]
    [InlineData("/v1/interactions", "/v1beta/interactions")]
    [InlineData("/upload/v1/files", "/upload/v1beta/files")]
    [InlineData("/download/v1/files/abc:download", "/download/v1beta/files/abc:download")]
    [InlineData("/v1/batches/abc:cancel", "/v1beta/batches/abc:cancel")]
    [InlineData("/v1/files", "/v1beta/files")]
    [InlineData("/v1/chat/completions", null)]
    [InlineData("/v1/images/generations", null)]
    [InlineData("/v1/modelsx", null)]
    [InlineData("/v1beta/interactions", null)]
    [InlineData("/v10/interactions", null)]
    [InlineData("/other/v1/files", null)]
    public void Alias_maps_gemini_v1_paths_only(string path, string? expected)
    {
        Assert.Equal(expected, ApiVersionAlias.Alias(path)?.Value);
    }
}

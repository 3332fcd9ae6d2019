using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class InteractionsTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly HttpClient _http = fixture.Http;

    internal static Task<(HttpResponseMessage Response, JsonElement Json)> CreateAsync(HttpClient http, object body) =>
        Client.SendAsync(http, Client.Post("v1beta/interactions", JsonSerializer.Serialize(body)));

    internal static JsonElement ModelOutput(JsonElement interaction) =>
        interaction.GetProperty("steps").EnumerateArray().Last(s => s.GetProperty("type").GetString() == "model_output");

    /// <summary>The last image of the last model_output step, as the official SDKs' <c>output_image</c> picks it.</summary>
    internal static byte[] OutputImage(JsonElement interaction) =>
        Convert.FromBase64String(ModelOutput(interaction).GetProperty("content").EnumerateArray()
            .Last(c => c.GetProperty("type").GetString() == "image").GetProperty("data").GetString()!);

    [Fact]
    public async Task Creates_a_completed_interaction_with_thought_and_model_output_steps()
    {
        var (response, json) = await CreateAsync(_http, new
        {
            model = "gemini-3-pro-image",
            input = "a banana in space",
            response_format = new { type = "image", aspect_ratio = "16:9", image_size = "2K", mime_type = "image/png" },
            service_tier = "flex",
            labels = new { team = "catalog" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(response.Content.Headers.ContentLength, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("gemini-3-pro-image", json.GetProperty("model").GetString());
        Assert.Equal("flex", json.GetProperty("service_tier").GetString());
        Assert.Equal("catalog", json.GetProperty("labels").GetProperty("team").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", json.GetProperty("created").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("updated").GetString()));
        var steps = json.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["thought", "model_output"], steps.Select(s => s.GetProperty("type").GetString()));
        Assert.Contains(steps[0].GetProperty("summary").EnumerateArray(), b => b.GetProperty("type").GetString() == "image");
        Assert.Equal((2752, 1536), Png.Validate(OutputImage(json)));
        var image = ModelOutput(json).GetProperty("content").EnumerateArray().Last();
        Assert.Equal("image/png", image.GetProperty("mime_type").GetString());

        var usage = json.GetProperty("usage");
        Assert.Equal(1120, usage.GetProperty("output_tokens_by_modality").EnumerateArray()
            .Single(m => m.GetProperty("modality").GetString() == "image").GetProperty("tokens").GetInt32());
        Assert.Equal(
            usage.GetProperty("total_input_tokens").GetInt32() + usage.GetProperty("total_output_tokens").GetInt32() + usage.GetProperty("total_thought_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Get_returns_the_stored_interaction_and_unknown_ids_are_404()
    {
        var (_, created) = await CreateAsync(_http, new { model = "gemini-3.1-flash-image", input = "a cat" });
        var id = created.GetProperty("id").GetString()!;

        var (response, json) = await Client.SendAsync(_http, Client.Get($"v1beta/interactions/{id}"));
        var (missing, missingJson) = await Client.SendAsync(_http, Client.Get("v1beta/interactions/nope"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(created.GetRawText(), json.GetRawText());
        Client.AssertError(missing, missingJson, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Store_false_is_not_retrievable_and_delete_removes()
    {
        var (_, unstored) = await CreateAsync(_http, new { model = "gemini-3.1-flash-image", input = "a cat", store = false });
        var (_, stored) = await CreateAsync(_http, new { model = "gemini-3.1-flash-image", input = "a cat" });
        var storedId = stored.GetProperty("id").GetString();

        var (get, _) = await Client.SendAsync(_http, Client.Get($"v1beta/interactions/{unstored.GetProperty("id").GetString()}"));
        var delete = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"v1beta/interactions/{storedId}") { Headers = { { "x-goog-api-key", Client.Key } } });
        var (afterDelete, _) = await Client.SendAsync(_http, Client.Get($"v1beta/interactions/{storedId}"));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
    }

    [Fact]
    public async Task Previous_interaction_id_edits_the_previous_output_and_unknown_ids_are_404()
    {
        var (_, first) = await CreateAsync(_http, new { model = "gemini-3.1-flash-image", input = "a cat", generation_config = new { seed = 3 } });
        var (_, other) = await CreateAsync(_http, new { model = "gemini-3.1-flash-image", input = "a dog", generation_config = new { seed = 3 } });
        var request = new { model = "gemini-3.1-flash-image", input = "make it blue", generation_config = new { seed = 3 } };

        var (_, fresh) = await CreateAsync(_http, request);
        var (_, edit) = await CreateAsync(_http, new { request.model, request.input, request.generation_config, previous_interaction_id = first.GetProperty("id").GetString() });
        var (_, editOther) = await CreateAsync(_http, new { request.model, request.input, request.generation_config, previous_interaction_id = other.GetProperty("id").GetString() });
        var (missing, missingJson) = await CreateAsync(_http, new { request.model, request.input, previous_interaction_id = "does-not-exist" });

        Assert.Equal(first.GetProperty("id").GetString(), edit.GetProperty("previous_interaction_id").GetString());
        Assert.NotEqual(OutputImage(fresh), OutputImage(edit));
        Assert.NotEqual(OutputImage(editOther), OutputImage(edit));
        Assert.Equal(258, edit.GetProperty("usage").GetProperty("input_tokens_by_modality").EnumerateArray()
            .Single(m => m.GetProperty("modality").GetString() == "image").GetProperty("tokens").GetInt32());
        Client.AssertError(missing, missingJson, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Accepts_content_block_lists_steps_and_response_format_lists()
    {
        var (_, source) = await CreateAsync(_http, new { model = "gemini-3.1-flash-image", input = "a cat" });
        var data = Convert.ToBase64String(OutputImage(source));
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "text", ["text"] = "put a hat on it" },
            new JsonObject { ["type"] = "image", ["data"] = data, ["mime_type"] = "image/png" },
        };
        var body = new JsonObject
        {
            ["model"] = "gemini-3.1-flash-image",
            ["input"] = blocks,
            ["response_format"] = new JsonArray
            {
                new JsonObject { ["type"] = "text" },
                new JsonObject { ["type"] = "image", ["aspect_ratio"] = "1:4", ["image_size"] = "512", ["delivery"] = "inline" },
            },
            ["future_field"] = new JsonObject { ["x"] = 1 },
        };
        var asSteps = new JsonObject
        {
            ["model"] = "gemini-3.1-flash-image",
            ["input"] = new JsonArray { new JsonObject { ["type"] = "user_input", ["content"] = blocks.DeepClone() } },
            ["response_format"] = new JsonObject { ["type"] = "image", ["aspect_ratio"] = "1:4", ["image_size"] = "512" },
        };

        var (response, json) = await Client.SendAsync(_http, Client.Post("v1beta/interactions", body.ToJsonString()));
        var (_, stepsJson) = await Client.SendAsync(_http, Client.Post("v1beta/interactions", asSteps.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((256, 1024), Png.Validate(OutputImage(json)));
        Assert.Contains(ModelOutput(json).GetProperty("content").EnumerateArray(), c => c.GetProperty("type").GetString() == "text");
        Assert.Equal(OutputImage(json), OutputImage(stepsJson));
    }

    [Fact]
    public async Task Background_interactions_are_in_progress_first_then_completed()
    {
        var (_, created) = await CreateAsync(_http, new { model = "gemini-3.1-flash-image", input = "a cat", background = true });
        var (_, polled) = await Client.SendAsync(_http, Client.Get($"v1beta/interactions/{created.GetProperty("id").GetString()}"));

        Assert.Equal("in_progress", created.GetProperty("status").GetString());
        Assert.False(created.TryGetProperty("steps", out _));
        Assert.Equal("completed", polled.GetProperty("status").GetString());
        Assert.Equal((1024, 1024), Png.Size(OutputImage(polled)));
    }

    [Theory]
    [InlineData("""{"model":"gemini-3-pro-image","input":"x","response_format":{"type":"image","image_size":"1k"}}""", 400, "response_format.image_size")]
    [InlineData("""{"model":"gemini-3-pro-image","input":"x","response_format":{"type":"image","aspect_ratio":"1:8"}}""", 400, "response_format.aspect_ratio")]
    [InlineData("""{"model":"gemini-3-pro-image","input":"x","service_tier":"bulk"}""", 400, "service_tier")]
    [InlineData("""{"input":"x"}""", 400, "model")]
    [InlineData("""{"model":"gemini-3-pro-image"}""", 400, "input")]
    [InlineData("""{"model":"gemini-0-image","input":"x"}""", 404, "gemini-0-image")]
    public async Task Invalid_requests_get_the_real_errors(string body, int status, string mentioned)
    {
        var (response, json) = await Client.SendAsync(_http, Client.Post("v1beta/interactions", body));

        Client.AssertError(response, json, status, status == 400 ? "INVALID_ARGUMENT" : "NOT_FOUND");
        Assert.Contains(mentioned, json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_true_sends_lifecycle_and_step_events_with_the_image_in_one_delta()
    {
        var response = await _http.SendAsync(Client.Post("v1beta/interactions", JsonSerializer.Serialize(new
        {
            model = "gemini-3-pro-image",
            input = "a banana in space",
            stream = true,
            response_format = new { type = "image", image_size = "2K", aspect_ratio = "16:9" },
        })));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", Client.ContentType(response)!.MediaType);
        var events = body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Select(e =>
        {
            var lines = e.Split("\r\n");
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            var json = JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone();
            Assert.Equal(lines[0]["event: ".Length..], json.GetProperty("event_type").GetString());
            return json;
        }).ToList();

        var types = events.Select(e => e.GetProperty("event_type").GetString()).ToList();
        Assert.Equal("interaction.created", types[0]);
        Assert.Equal("interaction.completed", types[^1]);
        Assert.Equal(["thought", "model_output"], events.Where(e => e.GetProperty("event_type").GetString() == "step.start")
            .Select(e => e.GetProperty("step").GetProperty("type").GetString()));
        Assert.Equal(2, types.Count(t => t == "step.stop"));
        var images = events.Where(e => e.GetProperty("event_type").GetString() == "step.delta" && e.GetProperty("index").GetInt32() == 1
            && e.GetProperty("delta").GetProperty("type").GetString() == "image").ToList();
        var image = Assert.Single(images).GetProperty("delta");
        Assert.Equal((2752, 1536), Png.Validate(Convert.FromBase64String(image.GetProperty("data").GetString()!)));
        var completed = events[^1].GetProperty("interaction");
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal(1120, completed.GetProperty("usage").GetProperty("output_tokens_by_modality")[0].GetProperty("tokens").GetInt32());

        var (_, stored) = await Client.SendAsync(_http, Client.Get($"v1beta/interactions/{completed.GetProperty("id").GetString()}"));
        Assert.Equal(Convert.FromBase64String(image.GetProperty("data").GetString()!), OutputImage(stored));
    }
}

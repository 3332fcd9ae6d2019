using System.Net;
using System.Text.Json;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class StreamTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static List<JsonElement> Events(string body)
    {
        Assert.EndsWith("\r\n\r\n", body, StringComparison.Ordinal);
        var events = body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        return [.. events.Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone())];
    }

    [Fact]
    public async Task Sse_sends_one_part_per_event_the_image_whole_and_usage_last()
    {
        var response = await fixture.Http.SendAsync(Client.Post(
            Client.GeneratePath("gemini-3-pro-image", "streamGenerateContent") + "?alt=sse", Client.GenerateBody(size: "2K", ratio: "16:9")));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", Client.ContentType(response)!.MediaType);
        var events = Events(body);
        Assert.True(events.Count >= 3);
        Assert.All(events[..^1], e => Assert.False(e.TryGetProperty("usageMetadata", out _)));
        Assert.Equal(1120, events[^1].GetProperty("usageMetadata").GetProperty("candidatesTokensDetails").EnumerateArray()
            .Single(d => d.GetProperty("modality").GetString() == "IMAGE").GetProperty("tokenCount").GetInt32());
        Assert.Equal("STOP", events[^1].GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        var finalImages = events.Select(Client.Parts).SelectMany(p => p)
            .Where(p => p.TryGetProperty("inlineData", out _) && !p.TryGetProperty("thought", out _)).ToList();
        var image = Assert.Single(finalImages);
        Assert.Equal((2752, 1536), Png.Validate(Convert.FromBase64String(image.GetProperty("inlineData").GetProperty("data").GetString()!)));
        Assert.True(Client.Parts(events[0])[0].GetProperty("thought").GetBoolean());
    }

    [Fact]
    public async Task Without_alt_sse_the_stream_is_a_json_array_of_responses()
    {
        var response = await fixture.Http.SendAsync(Client.Post(
            Client.GeneratePath("gemini-2.5-flash-image", "streamGenerateContent"), Client.GenerateBody(size: null)));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        Assert.True(json.RootElement[json.RootElement.GetArrayLength() - 1].TryGetProperty("usageMetadata", out _));
    }

    [Fact]
    public async Task Faults_apply_to_streams_too()
    {
        await using var emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions(), CancellationToken.None);
        using var http = Client.For(emulator);
        var path = Client.GeneratePath("gemini-3.1-flash-image", "streamGenerateContent") + "?alt=sse";
        emulator.Faults.Enqueue(new FaultRule { Fault = Fault.Status(503), Match = FaultMatch.Surface(FaultRequest.StreamGenerateContent) });
        emulator.Faults.Enqueue(new FaultRule { Fault = Fault.ConnectionReset() });
        emulator.Faults.Enqueue(new FaultRule { Fault = Fault.FinishReason("IMAGE_SAFETY") });

        var (unavailable, json) = await Client.SendAsync(http, Client.Post(path, Client.GenerateBody()));
        var reset = await Record.ExceptionAsync(async () => await (await http.SendAsync(Client.Post(path, Client.GenerateBody()))).Content.ReadAsStringAsync());
        var safety = Events(await (await http.SendAsync(Client.Post(path, Client.GenerateBody()))).Content.ReadAsStringAsync());

        Client.AssertError(unavailable, json, 503, "UNAVAILABLE");
        Assert.True(reset is HttpRequestException or IOException, reset?.ToString());
        Assert.Equal("IMAGE_SAFETY", safety[^1].GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.True(safety[^1].TryGetProperty("usageMetadata", out _));
        Assert.DoesNotContain(safety.Select(Client.Parts).SelectMany(p => p), p => p.TryGetProperty("inlineData", out _) && !p.TryGetProperty("thought", out _));
    }
}

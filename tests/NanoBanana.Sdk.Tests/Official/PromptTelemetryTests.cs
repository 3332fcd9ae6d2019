using System.Diagnostics;
using System.Text.Json;
using RichardSzalay.MockHttp;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>The prompt reaches a span (<c>gen_ai.input.messages</c>) only when the user opts in, and never with the key.</summary>
public sealed class PromptTelemetryTests
{
    // A host of its own so that spans from tests running in parallel are told apart by server.address.
    private const string Host = "prompt-telemetry.example.com";
    private const string Url = "https://" + Host + "/v1beta/interactions";

    [Fact]
    public async Task The_prompt_is_not_on_the_span_by_default()
    {
        var spans = await CallAsync("an unmistakable banana prompt 7f3a", optIn: false);

        var span = Assert.Single(spans);
        Assert.Null(span.GetTagItem("gen_ai.input.messages"));
        Assert.DoesNotContain(span.TagObjects, t => (t.Value?.ToString() ?? string.Empty).Contains("unmistakable banana", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Opted_in_the_prompt_is_a_genai_input_message()
    {
        const string Prompt = "a \"quoted\" banana\non two lines ü";

        var spans = await CallAsync(Prompt, optIn: true);

        var span = Assert.Single(spans);
        var json = Assert.IsType<string>(span.GetTagItem("gen_ai.input.messages"));
        using var document = JsonDocument.Parse(json);
        var message = Assert.Single(document.RootElement.EnumerateArray().ToList());
        Assert.Equal("user", message.GetProperty("role").GetString());
        var part = Assert.Single(message.GetProperty("parts").EnumerateArray().ToList());
        Assert.Equal("text", part.GetProperty("type").GetString());
        Assert.Equal(Prompt, part.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Opted_in_a_key_pasted_into_the_prompt_is_redacted_in_any_case()
    {
        var spans = await CallAsync("draw this: " + OfficialTestKit.Key.ToUpperInvariant(), optIn: true);

        var json = Assert.IsType<string>(Assert.Single(spans).GetTagItem("gen_ai.input.messages"));
        Assert.DoesNotContain(OfficialTestKit.Key, json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("draw this: ", json, StringComparison.Ordinal);
    }

    private static async Task<List<Activity>> CallAsync(string prompt, bool optIn)
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "NanoBanana.Sdk",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if ((string?)a.GetTagItem("server.address") == Host)
                {
                    lock (spans)
                    {
                        spans.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, Url).Respond(_ => OfficialTestKit.Json(OfficialTestKit.InteractionAnswer(OfficialTestKit.Png(64, 64))));
        using var client = OfficialTestKit.Client(mock, configure: o =>
        {
            o.BaseUrl = new Uri("https://" + Host);
            o.IncludePromptInTelemetry = optIn;
        });

        await client.GenerateAsync(prompt);

        return spans;
    }
}

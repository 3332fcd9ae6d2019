using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Extensions.Tests;

public sealed class TelemetryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly List<Activity> _spans = [];
    public void Dispose()
    {
        fixture.Emulator.Faults.Clear();
        fixture.Emulator.Journal.Clear();
    }

    private ActivityListener Listen() => new()
    {
        ShouldListenTo = s => s.Name == "NanoBanana.Sdk",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        ActivityStopped = a => { lock (_spans) { _spans.Add(a); } },
    };

    [Fact]
    public async Task A_successful_call_has_one_genai_span_and_the_genai_metrics()
    {
        using var listener = Listen();
        ActivitySource.AddActivityListener(listener);
        using var duration = new MetricCollector<double>(null, "NanoBanana.Sdk", "gen_ai.client.operation.duration");
        using var tokens = new MetricCollector<long>(null, "NanoBanana.Sdk", "gen_ai.client.token.usage");
        using var images = new MetricCollector<long>(null, "NanoBanana.Sdk", "nanobanana.images");
        using var cost = new MetricCollector<double>(null, "NanoBanana.Sdk", "nanobanana.cost");
        var logs = new FakeLogCollector();
        using var host = await TestHosts.StartAsync(fixture.Json(), logs: logs);

        var result = await host.Services.GetRequiredService<IOfficialImageClient>().GenerateAsync("a secret banana prompt");

        var model = ModelCatalog.DefaultModelId;
        var span = Assert.Single(_spans);
        Assert.Equal("generate_content " + model, span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("generate_content", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("gcp.gemini", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(model, span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(result.ReturnedModel ?? model, span.GetTagItem("gen_ai.response.model"));
        Assert.Equal("image", span.GetTagItem("gen_ai.output.type"));
        Assert.Equal(result.Usage!.InputTokens, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(result.Usage.OutputTokens, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal("official", span.GetTagItem("nanobanana.route"));
        Assert.Equal("GoogleStandard", span.GetTagItem("nanobanana.lane"));
        Assert.Equal(0, span.GetTagItem("nanobanana.retries"));
        Assert.Equal((double)result.Cost.EffectiveCostUsd!.Value, span.GetTagItem("nanobanana.cost.usd"));
        Assert.Null(span.GetTagItem("error.type"));

        var d = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.True(d.Value > 0);
        Assert.Equal("generate_content", d.Tags["gen_ai.operation.name"]);
        Assert.Equal("gcp.gemini", d.Tags["gen_ai.provider.name"]);
        Assert.Equal(model, d.Tags["gen_ai.request.model"]);
        Assert.Contains(tokens.GetMeasurementSnapshot(), m => (string?)m.Tags["gen_ai.token.type"] == "input" && m.Value == result.Usage.InputTokens);
        Assert.Contains(tokens.GetMeasurementSnapshot(), m => (string?)m.Tags["gen_ai.token.type"] == "output" && m.Value == result.Usage.OutputTokens);
        var i = Assert.Single(images.GetMeasurementSnapshot());
        Assert.Equal(1, i.Value);
        Assert.Equal(result.Cost.Size.ToString(), i.Tags["nanobanana.size"]);
        var c = Assert.Single(cost.GetMeasurementSnapshot());
        Assert.Equal((double)result.Cost.EffectiveCostUsd.Value, c.Value);
        Assert.Equal("GoogleStandard", c.Tags["nanobanana.lane"]);

        AssertNoSecret(span, logs, "a secret banana prompt");
    }

    [Fact]
    public async Task A_failed_call_marks_the_span_and_counts_the_failure_by_kind()
    {
        using var listener = Listen();
        ActivitySource.AddActivityListener(listener);
        using var failures = new MetricCollector<long>(null, "NanoBanana.Sdk", "nanobanana.failures");
        using var duration = new MetricCollector<double>(null, "NanoBanana.Sdk", "gen_ai.client.operation.duration");
        var logs = new FakeLogCollector();
        using var host = await TestHosts.StartAsync(fixture.Json(resilience: """, "MaxRetries": 1 """), logs: logs);
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Any, Times = 2, Fault = Fault.Status(503) });

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => host.Services.GetRequiredService<IOfficialImageClient>().GenerateAsync("a prompt"));

        var span = Assert.Single(_spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(error.Kind.ToString(), span.GetTagItem("error.type"));
        Assert.Equal(1, span.GetTagItem("nanobanana.retries"));
        var f = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal("ServiceUnavailable", f.Tags["error.type"]);
        Assert.Equal("ServiceUnavailable", Assert.Single(duration.GetMeasurementSnapshot()).Tags["error.type"]);
        AssertNoSecret(span, logs, "a prompt");
    }

    [Fact]
    public async Task Duration_histogram_advises_buckets_past_600_seconds()
    {
        using (var host = await TestHosts.StartAsync(fixture.Json()))
        {
            await host.Services.GetRequiredService<IOfficialImageClient>().GenerateAsync("a banana");
        }

        Histogram<double>? histogram = null;
        Histogram<long>? tokens = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == "NanoBanana.Sdk" && instrument.Name == "gen_ai.client.operation.duration")
                {
                    histogram = (Histogram<double>)instrument;
                }

                if (instrument.Meter.Name == "NanoBanana.Sdk" && instrument.Name == "gen_ai.client.token.usage")
                {
                    tokens = (Histogram<long>)instrument;
                }
            },
        };
        listener.Start();

        Assert.NotNull(histogram);
        Assert.Equal("s", histogram!.Unit);
        var buckets = histogram.Advice!.HistogramBucketBoundaries!;
        Assert.Equal(0.01, buckets[0]);
        Assert.Contains(81.92, buckets);
        Assert.True(buckets[^1] > 900, "Flex calls take up to 15 minutes");
        Assert.Contains(buckets, b => b > 600 && b < 900);
        Assert.Equal("{token}", tokens!.Unit);
        Assert.NotNull(tokens.Advice?.HistogramBucketBoundaries);
    }

    [Fact]
    public async Task Nobody_listening_creates_no_span()
    {
        using var host = await TestHosts.StartAsync(fixture.Json());
        Activity? seen = null;
        using var other = new ActivityListener { ShouldListenTo = s => s.Name == "Something.Else", ActivityStarted = a => seen = a };
        ActivitySource.AddActivityListener(other);

        await host.Services.GetRequiredService<IOfficialImageClient>().GenerateAsync("a banana");

        Assert.Null(seen);
        Assert.Empty(_spans);
    }

    [Fact]
    public async Task IncludePromptInTelemetry_from_configuration_puts_the_prompt_on_official_and_provider_spans()
    {
        using var listener = Listen();
        ActivitySource.AddActivityListener(listener);
        var json = $$"""
            {
              "NanoBanana": {
                "Google": { "ApiKey": "{{EmulatorFixture.Key}}", "BaseUrl": "{{fixture.Emulator.BaseAddress}}" },
                "Official": { "Transport": "GenerateContent" },
                "Providers": { "gw-a": { "BaseUrl": "{{fixture.Emulator.GatewayAddress("gw-a")}}", "ApiKey": "{{EmulatorFixture.GatewayAKey}}" } },
                "IncludePromptInTelemetry": "true"
              }
            }
            """;
        using var host = await TestHosts.StartAsync(json);

        await host.Services.GetRequiredService<IOfficialImageClient>().GenerateAsync("an official banana");
        await host.Services.GetRequiredKeyedService<IProviderImageClient>("gw-a").GenerateAsync("a gateway banana");

        Assert.Equal(2, _spans.Count);
        Assert.Contains("\"content\":\"an official banana\"", (string)_spans[0].GetTagItem("gen_ai.input.messages")!, StringComparison.Ordinal);
        Assert.Equal("gw-a", _spans[1].GetTagItem("gen_ai.provider.name"));
        Assert.Contains("\"content\":\"a gateway banana\"", (string)_spans[1].GetTagItem("gen_ai.input.messages")!, StringComparison.Ordinal);
    }

    private static void AssertNoSecret(Activity span, FakeLogCollector logs, string prompt)
    {
        var texts = span.TagObjects.Select(t => t.Value?.ToString() ?? "").Append(span.DisplayName)
            .Concat(logs.GetSnapshot().Select(r => r.Message + " " + string.Join(" ", r.StructuredState?.Select(p => p.Value) ?? [])))
            .ToList();
        Assert.NotEmpty(logs.GetSnapshot());
        Assert.DoesNotContain(texts, t => t.Contains(EmulatorFixture.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains(prompt, StringComparison.Ordinal));
    }
}

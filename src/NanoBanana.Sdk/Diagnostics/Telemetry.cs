using System.Diagnostics;
using System.Diagnostics.Metrics;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Diagnostics;

/// <summary>
/// The SDK's spans and metrics, after the OpenTelemetry GenAI semantic conventions (v1.41): one
/// <c>generate_content {model}</c> client span per service call and the <c>gen_ai.client.*</c> histograms, plus
/// the SDK's own image, cost and failure counters. Recorded by the <see cref="ServicePipeline"/> only, so every route
/// gets the same telemetry. Never the key; the prompt only when the user opts in (<c>IncludePromptInTelemetry</c>). Nearly free when nobody listens: the span is not
/// created without a listener and each instrument is skipped unless enabled.
/// </summary>
internal static class Telemetry
{
    /// <summary>The <see cref="ActivitySource"/> and <see cref="Meter"/> name: <c>NanoBanana.Sdk</c>.</summary>
    public const string Name = "NanoBanana.Sdk";

    /// <summary>
    /// Bucket boundaries (seconds) of <c>gen_ai.client.operation.duration</c>: the convention's doubling series,
    /// continued past 600 s because 4K and Flex calls take minutes (the convention's buckets stop at 81.92 s).
    /// </summary>
    public static readonly double[] DurationBuckets =
        [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92, 163.84, 327.68, 655.36, 1310.72];

    /// <summary>Bucket boundaries of <c>gen_ai.client.token.usage</c>, as the convention advises.</summary>
    public static readonly double[] TokenBuckets =
        [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    public static readonly ActivitySource Source = new(Name, SdkUserAgent.Version);

    public static readonly Meter Meter = new(Name, SdkUserAgent.Version);

#if NET9_0_OR_GREATER
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration", "s", "GenAI operation duration.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Histogram<long> TokenUsage = Meter.CreateHistogram<long>(
        "gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.", tags: null,
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = Array.ConvertAll(TokenBuckets, b => (long)b) });
#else
    // DiagnosticSource 8 has no InstrumentAdvice: on net8.0 set the buckets with the exporter's view.
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s", "GenAI operation duration.");

    private static readonly Histogram<long> TokenUsage = Meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.");
#endif

    private static readonly Counter<long> Images = Meter.CreateCounter<long>("nanobanana.images", "{image}", "Images returned by successful calls.");

    private static readonly Counter<double> Cost = Meter.CreateCounter<double>("nanobanana.cost", "USD", "Effective cost of calls (successful and billed failures), in US dollars.");

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("nanobanana.failures", "{call}", "Failed calls by error kind.");

    /// <summary>Starts the call's span when someone listens; <see langword="null"/> otherwise.</summary>
    public static Activity? Start(NanoBananaRequestMetadata metadata, string model, Uri uri)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(SpanName(model), ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "generate_content");
            activity.SetTag("gen_ai.provider.name", ProviderName(metadata));
            activity.SetTag("gen_ai.request.model", model);
            activity.SetTag("gen_ai.output.type", "image");
            activity.SetTag("server.address", uri.Host);
            activity.SetTag("server.port", uri.Port);
            activity.SetTag("nanobanana.route", RouteName(metadata.Route));
            activity.SetTag("nanobanana.lane", LaneName(metadata.Lane));
            if (metadata.ProjectId is { } project)
            {
                activity.SetTag("nanobanana.project", project);
            }
        }

        return activity;
    }

    /// <summary>
    /// Puts the prompt on the span as <c>gen_ai.input.messages</c>, the conventions' opt-in content attribute:
    /// <c>[{"role":"user","parts":[{"type":"text","content":"…"}]}]</c>. Called only when the user opted in
    /// (<see cref="NanoBananaClientOptions.IncludePromptInTelemetry"/>), with the key already redacted.
    /// </summary>
    public static void SetPrompt(Activity? activity, string prompt)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(prompt.Length + 64);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteStartArray("parts");
            json.WriteStartObject();
            json.WriteString("type", "text");
            json.WriteString("content", prompt);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        activity.SetTag("gen_ai.input.messages", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    // Span names per model, built once: a client calls a handful of models, and the name is needed on every call.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> SpanNames = new(StringComparer.Ordinal);

    private static string SpanName(string model)
    {
        if (SpanNames.TryGetValue(model, out var name))
        {
            return name;
        }

        name = "generate_content " + model;
        if (SpanNames.Count < 64)
        {
            SpanNames.TryAdd(model, name);
        }

        return name;
    }

    /// <summary>Records a successful call.</summary>
    public static void Succeeded(Activity? activity, NanoBananaRequestMetadata metadata, string model, in CallSummary summary, TimeSpan elapsed)
    {
        var cost = summary.Cost;
        var usd = cost.EffectiveCostUsd;
        var responseModel = summary.ResponseModel ?? model;
        var input = summary.Usage?.InputTokens;
        var output = summary.Usage?.OutputTokens;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.response.model", responseModel);
            if (input is { } i)
            {
                activity.SetTag("gen_ai.usage.input_tokens", i);
            }

            if (output is { } o)
            {
                activity.SetTag("gen_ai.usage.output_tokens", o);
            }

            SetCallTags(activity, metadata, cost);
            if (summary.RequestId is { } requestId)
            {
                activity.SetTag("nanobanana.request_id", requestId);
            }

            activity.SetTag("nanobanana.images", summary.ImageCount);
        }

        if (Duration.Enabled)
        {
            var tags = BaseTags(metadata, model);
            tags.Add("gen_ai.response.model", responseModel);
            Duration.Record(elapsed.TotalSeconds, tags);
        }

        if (TokenUsage.Enabled)
        {
            if (input is { } i)
            {
                var tags = BaseTags(metadata, model);
                tags.Add("gen_ai.response.model", responseModel);
                tags.Add("gen_ai.token.type", "input");
                TokenUsage.Record(i, tags);
            }

            if (output is { } o)
            {
                var tags = BaseTags(metadata, model);
                tags.Add("gen_ai.response.model", responseModel);
                tags.Add("gen_ai.token.type", "output");
                TokenUsage.Record(o, tags);
            }
        }

        if (Images.Enabled && summary.ImageCount > 0)
        {
            Images.Add(summary.ImageCount, new TagList
            {
                { "nanobanana.route", RouteName(metadata.Route) },
                { "gen_ai.request.model", model },
                { "nanobanana.size", cost.Size.ToString() },
            });
        }

        RecordCost(metadata, model, cost);
    }

    /// <summary>Records a failed call: <paramref name="errorType"/> is the <c>ErrorKind</c> or the exception type.</summary>
    public static void Failed(Activity? activity, NanoBananaRequestMetadata metadata, string model, string errorType, CostRecord? cost, TimeSpan elapsed, string? description)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, description);
            if (activity.IsAllDataRequested)
            {
                activity.SetTag("error.type", errorType);
                SetCallTags(activity, metadata, cost);
            }
        }

        if (Duration.Enabled)
        {
            var tags = BaseTags(metadata, model);
            tags.Add("error.type", errorType);
            Duration.Record(elapsed.TotalSeconds, tags);
        }

        if (Failures.Enabled)
        {
            var tags = BaseTags(metadata, model);
            tags.Add("error.type", errorType);
            Failures.Add(1, tags);
        }

        if (cost is not null)
        {
            RecordCost(metadata, model, cost);
        }
    }

    /// <summary>The convention's <c>gen_ai.provider.name</c>: <c>gcp.gemini</c> on Google routes, else the provider's name.</summary>
    public static string ProviderName(NanoBananaRequestMetadata metadata) =>
        metadata.Route == ImageRoute.Provider ? metadata.Provider ?? "openai_compatible" : "gcp.gemini";

    private static void SetCallTags(Activity activity, NanoBananaRequestMetadata metadata, CostRecord? cost)
    {
        activity.SetTag("nanobanana.retries", Math.Max(0, metadata.Attempts - 1));
        if (cost?.EffectiveCostUsd is { } usd)
        {
            activity.SetTag("nanobanana.cost.usd", (double)usd);
        }
    }

    private static void RecordCost(NanoBananaRequestMetadata metadata, string model, CostRecord cost)
    {
        if (Cost.Enabled && cost.EffectiveCostUsd is { } usd and > 0m)
        {
            Cost.Add((double)usd, new TagList
            {
                { "nanobanana.route", RouteName(metadata.Route) },
                { "nanobanana.lane", LaneName(metadata.Lane) },
                { "gen_ai.request.model", model },
                { "gen_ai.provider.name", ProviderName(metadata) },
            });
        }
    }

    private static TagList BaseTags(NanoBananaRequestMetadata metadata, string model) => new()
    {
        { "gen_ai.operation.name", "generate_content" },
        { "gen_ai.provider.name", ProviderName(metadata) },
        { "gen_ai.request.model", model },
        { "nanobanana.route", RouteName(metadata.Route) },
    };

    private static string RouteName(ImageRoute route) => route switch
    {
        ImageRoute.Official => "official",
        ImageRoute.Batch => "batch",
        ImageRoute.Provider => "provider",
        _ => route.ToString().ToLowerInvariant(),
    };

    private static string LaneName(PriceLane lane) => lane.ToString();


}

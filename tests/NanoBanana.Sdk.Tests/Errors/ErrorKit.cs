using System.Net;
using System.Text;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Errors;

/// <summary>Builds realistic error answers (Google google.rpc.Status and OpenAI-style envelopes) and runs the classifier on them.</summary>
internal static class ErrorKit
{
    public const string Pro = "gemini-3-pro-image";

    public static ErrorContext Context(
        ImageRoute route = ImageRoute.Official, string? secret = null, TimeProvider? time = null, string? provider = null,
        string? prompt = null, bool includePrompt = false, PriceLane? lane = null) => new()
        {
            Route = route,
            Lane = lane ?? ErrorContext.DefaultLane(route),
            Model = ModelCatalog.Default.Resolve(route == ImageRoute.Provider ? "google/gemini-3-pro-image-preview" : Pro),
            Secret = secret,
            Provider = provider ?? (route == ImageRoute.Provider ? "acme-gateway" : null),
            Time = time ?? TimeProvider.System,
            Size = ImageSize.TwoK,
            AspectRatio = AspectRatio.Landscape16x9,
            Endpoint = route == ImageRoute.Provider ? "POST /v1/chat/completions" : $"POST /v1beta/models/{Pro}:generateContent",
            KeyType = route == ImageRoute.Provider ? "provider" : "auth",
            ProjectId = route == ImageRoute.Provider ? null : "projects/123456789",
            Prompt = prompt,
            IncludePromptInPacket = includePrompt,
        };

    public static NanoBananaException Classify(int status, string? body, ErrorContext? context = null, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return ErrorClassifier.FromResponse(context ?? Context(), response, Encoding.UTF8.GetBytes(body ?? string.Empty));
    }

    public static NanoBananaException ClassifyBytes(int status, byte[] body, ErrorContext? context = null)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        return ErrorClassifier.FromResponse(context ?? Context(), response, body);
    }

    public static string Google(int code, string status, string message, params string[] details) =>
        $$$"""{"error":{"code":{{{code}}},"message":"{{{message}}}","status":"{{{status}}}","details":[{{{string.Join(",", details)}}}]}}""";

    public static string ErrorInfo(string reason, string metadata = """{"service":"generativelanguage.googleapis.com"}""") =>
        $$"""{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"{{reason}}","domain":"googleapis.com","metadata":{{metadata}}}""";

    public static string RetryInfo(string delay) =>
        $$"""{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"{{delay}}"}""";

    public static string QuotaFailure(string metric, string quotaId, string? value = null) =>
        $$"""{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"{{metric}}","quotaId":"{{quotaId}}","quotaDimensions":{"location":"global","model":"{{Pro}}"}{{(value is null ? "" : $",\"quotaValue\":\"{value}\"")}}}]}""";

    public static string Help(string url) =>
        $$"""{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more","url":"{{url}}"}]}""";

    /// <summary>An OpenAI-style envelope; <paramref name="codeJson"/> is raw JSON (a quoted string, a number or null).</summary>
    public static string OpenAi(string message, string? type, string codeJson) =>
        $$$"""{"error":{"message":"{{{message}}}","type":{{{(type is null ? "null" : $"\"{type}\"")}}},"param":null,"code":{{{codeJson}}}}}""";

    public static string PerMinuteRateLimit(string delay = "37s") => Google(
        429, "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details.",
        QuotaFailure("generativelanguage.googleapis.com/generate_requests_per_model", "GenerateRequestsPerMinutePerProjectPerModel", "20"),
        Help("https://ai.google.dev/gemini-api/docs/rate-limits"),
        RetryInfo(delay));

    public static string PerDayQuota() => Google(
        429, "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details.",
        QuotaFailure("generativelanguage.googleapis.com/generate_requests_per_model_per_day", "GenerateRequestsPerDayPerProjectPerModel", "250"),
        RetryInfo("20s"));

    public static CostRecord Cost(bool billable, string? note = null) => new()
    {
        Route = ImageRoute.Provider,
        Lane = PriceLane.Provider,
        Provider = "acme-gateway",
        ModelId = Pro,
        Size = ImageSize.TwoK,
        Operation = ImageOperation.Generate,
        UnitPriceUsd = 0.05m,
        EstimatedCostUsd = 0.05m,
        PriceStatus = PriceStatus.Found,
        Billable = billable,
        BillingNote = note,
    };
}

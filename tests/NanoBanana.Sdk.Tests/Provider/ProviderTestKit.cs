using System.Net;
using System.Text;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Tests.Official;
using RichardSzalay.MockHttp;

namespace NanoBanana.Sdk.Tests.Provider;

internal static class ProviderTestKit
{
    public const string Key = "sk-provider-test-0123456789abcdef";
    public const string BaseUrl = "https://gateway.example.com";

    public static readonly byte[] Image = OfficialTestKit.Png(64, 64);

    public static ProviderProfile Profile(ProviderDialect dialect = ProviderDialect.ChatCompletions, string name = "gw", string baseUrl = BaseUrl, string key = Key, bool proven = true)
    {
        var profile = new ProviderProfile(name) { BaseUrl = new Uri(baseUrl), ApiKey = key, Dialect = dialect };
        profile.Models["gemini-3-pro-image"] = "google/gemini-3-pro-image-preview";
        if (proven)
        {
            profile.Prices.Add(new ProviderPrice { Model = "gemini-3-pro-image", UnitPriceUsd = 0.09m, Source = "https://gateway.example.com/pricing", CheckedOn = new DateOnly(2026, 10, 1) });
            profile.Prices.Add(new ProviderPrice { Model = "gemini-3.1-flash-image", UnitPriceUsd = 0.055m, Source = "https://gateway.example.com/pricing", CheckedOn = new DateOnly(2026, 10, 1) });
            profile.FailedCallRule[BillingOutcome.NoImage] = true;
            profile.FailedCallRule[BillingOutcome.ClientError] = false;
            profile.FailedCallRule[BillingOutcome.Timeout] = true;
        }

        return profile;
    }

    public static ProviderImageClient Client(MockHttpMessageHandler handler, ProviderProfile? profile = null, Action<ProviderImageClientOptions>? configure = null)
    {
        var options = new ProviderImageClientOptions();
        configure?.Invoke(options);
        return new ProviderImageClient(profile ?? Profile(), options, handler.ToHttpClient());
    }

    public static string DataUrl(byte[] image) => "data:image/png;base64," + Convert.ToBase64String(image);

    public static string ChatAnswer(string model = "google/gemini-3-pro-image-preview", string placement = "images", decimal? cost = null)
    {
        var url = DataUrl(Image);
        var message = placement switch
        {
            "parts" => $$$"""{"role":"assistant","content":[{"type":"text","text":"Here"},{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}""",
            "markdown" => $$"""{"role":"assistant","content":"Here\n\n![image]({{url}})"}""",
            "none" => """{"role":"assistant","content":"I cannot draw that."}""",
            "filtered" => """{"role":"assistant","content":null}""",
            _ => $$$"""{"role":"assistant","content":"Here","images":[{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}""",
        };
        var finish = placement == "filtered" ? "content_filter" : "stop";
        var costPart = cost is { } c ? $",\"cost\":{c.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : string.Empty;
        return $$$"""{"id":"chatcmpl-1","object":"chat.completion","model":"{{{model}}}","choices":[{"index":0,"message":{{{message}}},"finish_reason":"{{{finish}}}"}],"usage":{"prompt_tokens":10,"completion_tokens":1300,"total_tokens":1310{{{costPart}}}}}""";
    }

    public static string ImagesAnswer(int count = 1, string model = "google/gemini-3-pro-image-preview")
    {
        var data = string.Join(",", Enumerable.Range(0, count).Select(_ => $$"""{"b64_json":"{{Convert.ToBase64String(Image)}}"}"""));
        return $$$"""{"created":1,"data":[{{{data}}}],"model":"{{{model}}}","usage":{"input_tokens":10,"output_tokens":1120,"total_tokens":1130}}""";
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}

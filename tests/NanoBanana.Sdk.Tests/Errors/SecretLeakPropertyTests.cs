using System.Collections;
using System.Net;
using System.Text;
using NanoBanana.Sdk.Errors;
using static NanoBanana.Sdk.Tests.Errors.ErrorKit;

namespace NanoBanana.Sdk.Tests.Errors;

/// <summary>
/// Property test: a random key, echoed in any letter case in any service-supplied field, appears (case-insensitively)
/// nowhere an exception exposes: message, ToString(), next move, any string property, quota violations, the packet.
/// </summary>
public sealed class SecretLeakPropertyTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly Func<string, string>[] Bodies =
    [
        k => Google(429, $"RESOURCE_EXHAUSTED{k}", "quota", QuotaFailure($"metric/{k}", "GenerateRequestsPerMinutePerProjectPerModel", "20")),
        k => Google(403, "PERMISSION_DENIED", "denied", ErrorInfo($"API_KEY_{k}_BLOCKED")),
        k => Google(403, "PERMISSION_DENIED", "denied", ErrorInfo("SERVICE_DISABLED", $$"""{"consumer":"projects/{{k}}"}"""), Help($"https://console.example/{k}")),
        k => Google(403, "PERMISSION_DENIED", "denied", ErrorInfo(k)),
        k => Google(429, "RESOURCE_EXHAUSTED", "quota", QuotaFailure("generate_requests_per_model_per_day", $"PerDay{k}", "0")),
        k => Google(429, "RESOURCE_EXHAUSTED", "quota", QuotaFailure("m", "q", k)),
        k => Google(429, "RESOURCE_EXHAUSTED", "quota", $$$"""{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"x","quotaDimensions":{"{{{k}}}":"{{{k}}}"}}]}"""),
        k => Google(400, "INVALID_ARGUMENT", $"bad key {k}"),
        k => OpenAi("quota", k, "\"insufficient_quota\""),
        k => OpenAi("quota", "insufficient_quota", $"\"{k}\""),
        k => OpenAi("limited", "rate_limit_error", $"\"{k}\""),
        k => OpenAi("policy", "invalid_request_error", $"\"content_policy_violation{k}\""),
        k => "{\"error\":{\"message\":\"upstream\",\"code\":429,\"metadata\":{\"provider_name\":\"" + k + "\",\"raw\":\"{\\\"error\\\":{\\\"status\\\":\\\"" + k + "\\\",\\\"message\\\":\\\"" + k + "\\\"}}\"}}}",
        k => $$$"""{"error":{"message":"m","type":"t","param":"{{{k}}}","code":null}}""",
        k => $$"""{"message":"m","status":"{{k}}"}""",
        k => $"<html>{k}</html>",
    ];

    [Fact]
    public void A_random_key_in_any_case_in_any_service_field_never_leaks()
    {
        var random = new Random(1129);
        int[] statuses = [400, 401, 402, 403, 404, 429, 500, 503, 504];
        for (int iteration = 0; iteration < 400; iteration++)
        {
            string key = RandomKey(random);
            string echoed = Recase(random, key);
            var context = Context(random.Next(2) == 0 ? ImageRoute.Official : ImageRoute.Provider, secret: key);
            var body = Bodies[iteration % Bodies.Length](echoed);
            using var response = new HttpResponseMessage((HttpStatusCode)statuses[random.Next(statuses.Length)]);
            response.Headers.TryAddWithoutValidation("x-request-id", $"req-{Recase(random, key)}");

            AssertNoKey(ErrorClassifier.FromResponse(context, response, Encoding.UTF8.GetBytes(body)), key);
        }
    }

    [Fact]
    public void A_random_key_in_finish_block_and_interaction_codes_or_a_lower_cased_location_never_leaks()
    {
        var random = new Random(2911);
        for (int iteration = 0; iteration < 300; iteration++)
        {
            string key = RandomKey(random);
            var context = Context(secret: key);
            var reason = (NoImageReason)random.Next(4);

            AssertNoKey(ErrorClassifier.NoImage(context, reason, Recase(random, key), $"IMAGE_{Recase(random, key)}", Recase(random, key), null, 200, Recase(random, key), null), key);
            AssertNoKey(ErrorClassifier.NoImage(context, reason, null, Recase(random, key), null, null, 200, null, null), key);

            // A redirect's Location host, which .NET lower-cases.
            var location = new Uri($"https://{key}.evil.example/v1beta").GetComponents(UriComponents.SchemeAndServer, UriFormat.SafeUnescaped);
            AssertNoKey(ErrorClassifier.Malformed(context, 302, null, $"HTTP 302 redirect to {location} was not followed", null), key);
            AssertNoKey(ErrorClassifier.FromTransportFailure(context, new IOException($"reset by {key.ToUpperInvariant()}"), 200, Recase(random, key)), key);
        }
    }

    [Fact]
    public void The_redactor_matches_the_configured_key_in_any_case()
    {
        const string Key = "nbk_Live_7f3A9c2e41d84b6F";

        string? redacted = SecretRedactor.Redact($"a {Key.ToUpperInvariant()} b {Key.ToLowerInvariant()} c {Key}", Key);

        Assert.Equal($"a {SecretRedactor.Placeholder} b {SecretRedactor.Placeholder} c {SecretRedactor.Placeholder}", redacted);
        Assert.True(SecretRedactor.ContainsSecret(Key.ToLowerInvariant(), Key));
    }

    private static void AssertNoKey(NanoBananaException error, string key)
    {
        foreach (string text in Texts(error))
        {
            Assert.False(text.Contains(key, StringComparison.OrdinalIgnoreCase), $"The key leaked: {text}");
        }
    }

    private static IEnumerable<string> Texts(NanoBananaException error)
    {
        yield return error.Message;
        yield return error.ToString();
        yield return error.NextMove;
        yield return error.Packet.ToJson();
        yield return error.Packet.ToString();
        foreach (var violation in error.QuotaViolations)
        {
            yield return violation.ToString();
        }

        foreach (var property in error.GetType().GetProperties())
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            switch (property.GetValue(error))
            {
                case string text:
                    yield return text;
                    break;
                case IEnumerable items and not string:
                    foreach (var item in items)
                    {
                        yield return item?.ToString() ?? string.Empty;
                    }

                    break;
                case { } other:
                    yield return other.ToString() ?? string.Empty;
                    break;
            }
        }
    }

    private static string RandomKey(Random random)
    {
        var key = new char[random.Next(20, 41)];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        // Letters guarantee that case matters; a key that starts with a letter survives the Location host check.
        key[0] = (char)('a' + random.Next(26));
        return new string(key);
    }

    private static string Recase(Random random, string key) => random.Next(3) switch
    {
        0 => key.ToUpperInvariant(),
        1 => key.ToLowerInvariant(),
        _ => string.Concat(key.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))),
    };
}

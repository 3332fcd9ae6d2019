using System.Text.Json;

namespace NanoBanana.Sdk.Emulator.Admin;

/// <summary>
/// Reads a fault plan written as JSON (the admin endpoint's body and the standalone server's <c>--faults FILE</c>):
/// <c>{"rules": [{"match": {"surface", "model", "path", "key"}, "times": 1, "fault": {"kind": "status", "status": 429, …}}]}</c>
/// (or the array of rules alone). Every rule is checked before any is used, and a mistake names its place
/// (<c>rules[0].fault.status</c>) and the allowed values.
/// </summary>
internal static class FaultPlanJson
{
    /// <summary>The fault kinds, with the fields each takes besides <c>kind</c>.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Kinds = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["status"] = ["status", "retryDelay", "retryAfter", "message"],
        ["gatewayError"] = ["status", "type", "code", "message", "retryAfter"],
        ["upstreamError"] = ["status", "upstreamStatus", "message", "providerName"],
        ["proxyHtml"] = ["status"],
        ["delay"] = ["durationMs"],
        ["connectionReset"] = ["afterBytes"],
        ["truncatedJson"] = [],
        ["malformedJson"] = [],
        ["textOnly"] = [],
        ["finishReason"] = ["reason"],
        ["promptBlocked"] = ["reason"],
        ["returnedModel"] = ["model"],
        ["batchFailed"] = ["status", "message"],
        ["batchExpires"] = ["completedRequests"],
    };

    private static readonly string[] RuleFields = ["match", "times", "fault"];
    private static readonly string[] MatchFields = ["surface", "model", "path", "key"];

    /// <summary>The surfaces a <c>match.surface</c> may name (the <see cref="FaultRequest"/> constants).</summary>
    internal static readonly string[] Surfaces =
    [
        FaultRequest.GenerateContent, FaultRequest.StreamGenerateContent, FaultRequest.Interactions,
        FaultRequest.BatchGenerateContent, FaultRequest.Batches, FaultRequest.BatchItem, FaultRequest.Files,
        FaultRequest.ChatCompletions, FaultRequest.ImageGenerations, FaultRequest.ImageEdits,
    ];

    /// <summary>Parses a plan; throws <see cref="FaultPlanException"/> naming the first mistake.</summary>
    public static IReadOnlyList<FaultRule> Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new FaultPlanException($"The fault plan is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            JsonElement rules;
            if (root.ValueKind == JsonValueKind.Array)
            {
                rules = root;
            }
            else if (root.ValueKind == JsonValueKind.Object)
            {
                CheckFields(root, string.Empty, ["rules"]);
                if (!root.TryGetProperty("rules", out rules) || rules.ValueKind != JsonValueKind.Array)
                {
                    throw new FaultPlanException("The fault plan needs 'rules': an array of {\"match\", \"times\", \"fault\"} objects.");
                }
            }
            else
            {
                throw new FaultPlanException($"The fault plan must be an object with 'rules' or an array of rules, not {Kind(root)}.");
            }

            var parsed = new List<FaultRule>(rules.GetArrayLength());
            var index = 0;
            foreach (var rule in rules.EnumerateArray())
            {
                parsed.Add(Rule(rule, $"rules[{index++}]"));
            }

            return parsed;
        }
    }

    private static FaultRule Rule(JsonElement rule, string at)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            throw new FaultPlanException($"{at} must be an object with 'fault' (and optionally 'match' and 'times'), not {Kind(rule)}.");
        }

        CheckFields(rule, at, RuleFields);
        var times = Int(rule, "times", at) ?? 1;
        if (times < 1)
        {
            throw new FaultPlanException($"{at}.times must be 1 or more, not {times}.");
        }

        if (!rule.TryGetProperty("fault", out var fault))
        {
            throw new FaultPlanException($"{at} has no 'fault'; give one such as {{\"kind\": \"status\", \"status\": 429}}.");
        }

        return new FaultRule
        {
            Match = rule.TryGetProperty("match", out var match) ? Match(match, at + ".match") : FaultMatch.Any,
            Times = times,
            Fault = Fault(fault, at + ".fault"),
        };
    }

    private static FaultMatch Match(JsonElement match, string at)
    {
        if (match.ValueKind != JsonValueKind.Object)
        {
            throw new FaultPlanException($"{at} must be an object with any of 'surface', 'model', 'path', 'key', not {Kind(match)}.");
        }

        CheckFields(match, at, MatchFields);
        var parts = new List<FaultMatch>();
        if (String(match, "surface", at) is { } surface)
        {
            if (!Surfaces.Contains(surface, StringComparer.Ordinal))
            {
                throw new FaultPlanException($"{at}.surface '{surface}' is not a surface; use one of: {string.Join(", ", Surfaces)}.");
            }

            parts.Add(FaultMatch.Surface(surface));
        }

        if (String(match, "model", at) is { } model)
        {
            parts.Add(FaultMatch.Model(model));
        }

        if (String(match, "path", at) is { } path)
        {
            parts.Add(FaultMatch.Path(path));
        }

        if (String(match, "key", at) is { } key)
        {
            parts.Add(FaultMatch.ItemKey(key));
        }

        return FaultMatch.All(parts);
    }

    private static Fault Fault(JsonElement fault, string at)
    {
        if (fault.ValueKind != JsonValueKind.Object)
        {
            throw new FaultPlanException($"{at} must be an object with a 'kind', not {Kind(fault)}.");
        }

        var kind = String(fault, "kind", at)
            ?? throw new FaultPlanException($"{at} has no 'kind'; use one of: {string.Join(", ", Kinds.Keys)}.");
        if (!Kinds.TryGetValue(kind, out var fields))
        {
            throw new FaultPlanException($"{at}.kind '{kind}' is not a fault kind; use one of: {string.Join(", ", Kinds.Keys)}.");
        }

        CheckFields(fault, at, ["kind", .. fields]);
        try
        {
            return kind switch
            {
                "status" => Emulator.Fault.Status(Required(fault, "status", at), String(fault, "retryDelay", at), String(fault, "retryAfter", at), String(fault, "message", at)),
                "gatewayError" => Emulator.Fault.GatewayError(
                    Required(fault, "status", at),
                    String(fault, "type", at) ?? throw new FaultPlanException($"{at}.type is required for gatewayError (e.g. \"insufficient_quota\")."),
                    String(fault, "code", at),
                    String(fault, "message", at),
                    String(fault, "retryAfter", at)),
                "upstreamError" => Emulator.Fault.UpstreamError(Int(fault, "status", at) ?? 429, Int(fault, "upstreamStatus", at), String(fault, "message", at), String(fault, "providerName", at) ?? "Google"),
                "proxyHtml" => Emulator.Fault.ProxyHtml(Int(fault, "status", at) ?? 502),
                "delay" => Emulator.Fault.Delay(TimeSpan.FromMilliseconds(Required(fault, "durationMs", at))),
                "connectionReset" => Long(fault, "afterBytes", at) is { } bytes ? Emulator.Fault.ConnectionResetAfter(bytes) : Emulator.Fault.ConnectionReset(),
                "truncatedJson" => Emulator.Fault.TruncatedJson(),
                "malformedJson" => Emulator.Fault.MalformedJson(),
                "textOnly" => Emulator.Fault.TextOnly(),
                "finishReason" => Emulator.Fault.FinishReason(String(fault, "reason", at) ?? "IMAGE_SAFETY"),
                "promptBlocked" => Emulator.Fault.PromptBlocked(String(fault, "reason", at) ?? "PROHIBITED_CONTENT"),
                "returnedModel" => Emulator.Fault.ReturnedModel(String(fault, "model", at) ?? throw new FaultPlanException($"{at}.model is required for returnedModel.")),
                "batchFailed" => Emulator.Fault.BatchFailed(Int(fault, "status", at) ?? 500, String(fault, "message", at)),
                "batchExpires" => Emulator.Fault.BatchExpires(Required(fault, "completedRequests", at)),
                _ => throw new FaultPlanException($"{at}.kind '{kind}' is not a fault kind."),
            };
        }
        catch (ArgumentException ex)
        {
            // The factories' own checks (a status outside 400–599, a non-positive delay…), placed in the plan.
            throw new FaultPlanException($"{at} ({kind}): {ex.Message}");
        }
    }

    private static void CheckFields(JsonElement element, string at, ReadOnlySpan<string> allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                var where = at.Length == 0 ? property.Name : $"{at}.{property.Name}";
                throw new FaultPlanException($"{where} is not a field here; allowed: {string.Join(", ", allowed.ToArray())}.");
            }
        }
    }

    private static string? String(JsonElement element, string name, string at)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FaultPlanException($"{at}.{name} must be a string, not {Kind(value)}.");
    }

    private static int Required(JsonElement element, string name, string at) =>
        Int(element, name, at) ?? throw new FaultPlanException($"{at}.{name} is required for kind '{String(element, "kind", at)}'.");

    private static int? Int(JsonElement element, string name, string at) => Long(element, name, at) is { } value
        ? value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new FaultPlanException($"{at}.{name} is out of range: {value}.")
        : null;

    private static long? Long(JsonElement element, string name, string at)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new FaultPlanException($"{at}.{name} must be a whole number, not {value.GetRawText()}.");
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>A fault plan that cannot be used; the message names the place and the allowed values.</summary>
internal sealed class FaultPlanException(string message) : Exception(message);

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Sdk.Emulator.Http;
using NanoBanana.Sdk.Emulator.Imaging;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>
/// OpenAI-compatible provider gateways (laozhang.ai, OpenRouter and the like) under <c>/gateway/{provider}/</c>, the
/// first one also at the root: <c>v1/chat/completions</c>, <c>v1/images/generations</c>, <c>v1/images/edits</c>
/// (multipart) and the Gemini pass-through <c>v1beta/models/{model}:generateContent</c>, all with Bearer keys and
/// OpenAI error envelopes. Every call lands in the billing ledger under the provider's failed-call rule.
/// </summary>
internal static partial class GatewaySurface
{
    private const string Prefix = "/gateway/{provider}";

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { Prefix, string.Empty })
        {
            app.MapPost(prefix + "/v1/chat/completions", context => RunAsync(context, "v1/chat/completions", ChatAsync));
            app.MapPost(prefix + "/v1/images/generations", context => RunAsync(context, "v1/images/generations", GenerationsAsync));
            app.MapPost(prefix + "/v1/images/edits", context => RunAsync(context, "v1/images/edits", EditsAsync));
        }

        ModelsRoute.Map(app, new Dictionary<string, ModelMethodHandler>(StringComparer.Ordinal)
        {
            ["generateContent"] = (context, model) => RunAsync(context, $"v1beta/models/{model}:generateContent", (c, s, call) => PassThroughAsync(c, s, call, model, stream: false)),
            ["streamGenerateContent"] = (context, model) => RunAsync(context, $"v1beta/models/{model}:streamGenerateContent", (c, s, call) => PassThroughAsync(c, s, call, model, stream: true)),
        }, Prefix);
        app.MapGet("/gateway/files/{id}", FileAsync);
    }

    /// <summary>What the ledger needs to know about a call; filled in as the handler learns it.</summary>
    private sealed class Call(Gateway gateway, string requestId, string endpoint, DateTimeOffset timestamp)
    {
        public Gateway Gateway { get; } = gateway;

        public string RequestId { get; } = requestId;

        public string Endpoint { get; } = endpoint;

        public DateTimeOffset Timestamp { get; } = timestamp;

        public string? Model { get; set; }

        public ModelSpec? Spec { get; set; }

        public string? ReturnedModel { get; set; }

        public int Requested { get; set; } = 1;

        public int Images { get; set; }

        /// <summary>Total tokens of the answer (for the rate-limit headers).</summary>
        public long Tokens { get; set; }

        public bool PassThrough { get; set; }

        public bool Recorded { get; set; }
    }

    private delegate Task CallHandler(HttpContext context, EmulatorState state, Call call);

    private static async Task RunAsync(HttpContext context, string endpoint, CallHandler handler)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var name = context.GetRouteValue("provider") as string;
        var gateway = name is null ? state.Gateways.Default : state.Gateways.Find(name);
        if (gateway is null)
        {
            await OpenAIErrors.WriteAsync(context, 404, $"Unknown gateway '{name}'. Configured: {string.Join(", ", state.Gateways.Names)}.",
                "invalid_request_error", code: "not_found").ConfigureAwait(false);
            return;
        }

        var call = new Call(gateway, "req_" + Guid.NewGuid().ToString("N"), endpoint, state.Time.GetUtcNow());
        context.Response.Headers["x-request-id"] = call.RequestId;
        // Recorded as the answer starts, so the entry exists before the client has read a byte of it.
        context.Response.OnStarting(() =>
        {
            Record(context, state, call, context.Response.StatusCode);
            if (context.Response.StatusCode is >= 200 and < 300)
            {
                SuccessHeaders(context, state, call);
            }

            return Task.CompletedTask;
        });
        try
        {
            if (await AuthenticateAsync(context, gateway).ConfigureAwait(false))
            {
                await handler(context, state, call).ConfigureAwait(false);
            }
        }
        catch (Exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested && !state.Stopping.IsCancellationRequested)
        {
            Record(context, state, call, 500);
            throw;
        }
        finally
        {
            // Nothing was sent: the client went away first (its timeout) or the emulator stopped.
            Record(context, state, call, 0);
        }
    }

    private static void Record(HttpContext context, EmulatorState state, Call call, int status)
    {
        if (call.Recorded)
        {
            return;
        }

        call.Recorded = true;
        var images = call.PassThrough ? (context.Features.Get<ImageAnswer>()?.Image is null ? 0 : 1) : call.Images;
        var outcome = Outcome(status, images);
        var amount = call.Gateway.Charge(outcome, call.Model, call.Spec, images, call.Requested);
        state.Gateways.Ledger.Add(new GatewayLedgerEntry { RequestId = call.RequestId, Provider = call.Gateway.Name, Endpoint = call.Endpoint, RequestedModel = call.Model, ModelId = call.Spec?.Id, ReturnedModel = call.ReturnedModel ?? (call.PassThrough && status == 200 ? context.Features.Get<ImageAnswer>()?.ModelVersion : null), Status = status, Outcome = outcome, Images = images, Billed = call.Gateway.Bills(outcome), Amount = amount, Timestamp = call.Timestamp });
    }

    /// <summary>The headers a provider adds to a successful answer: <c>x-litellm-response-cost</c> and <c>x-ratelimit-*</c>, as configured.</summary>
    private static void SuccessHeaders(HttpContext context, EmulatorState state, Call call)
    {
        var answer = call.PassThrough ? context.Features.Get<ImageAnswer>() : null;
        var images = call.PassThrough ? (answer?.Image is null ? 0 : 1) : call.Images;
        if (call.Gateway.ReportsCostHeader)
        {
            var cost = call.Gateway.Charge(images > 0 ? GatewayCallOutcome.Success : GatewayCallOutcome.NoImage, call.Model, call.Spec, images, call.Requested);
            context.Response.Headers["x-litellm-response-cost"] = cost.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        call.Gateway.RateLimits?.Use(context.Response.Headers, state.Time.GetUtcNow(), call.PassThrough ? answer?.TotalTokens ?? 0 : call.Tokens);
    }

    private static GatewayCallOutcome Outcome(int status, int images) => status switch
    {
        0 => GatewayCallOutcome.Timeout,
        >= 200 and < 300 => images > 0 ? GatewayCallOutcome.Success : GatewayCallOutcome.NoImage,
        429 => GatewayCallOutcome.RateLimited,
        >= 500 => GatewayCallOutcome.ServerError,
        _ => GatewayCallOutcome.ClientError,
    };

    /// <summary>Bearer auth as OpenAI answers it: a missing key and an unknown key are both 401.</summary>
    private static async Task<bool> AuthenticateAsync(HttpContext context, Gateway gateway)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : string.Empty;
        if (key.Length == 0)
        {
            await OpenAIErrors.WriteAsync(context, 401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_request_error").ConfigureAwait(false);
            return false;
        }

        if (!gateway.Accepts(key))
        {
            // The real message echoes part of the key; the emulator never repeats a credential.
            await OpenAIErrors.WriteAsync(context, 401, "Incorrect API key provided. You can find your API key in the provider's console.",
                "invalid_request_error", code: "invalid_api_key").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>Resolves the model through the provider's aliases, or writes 404 <c>model_not_found</c>.</summary>
    private static async Task<bool> ResolveModelAsync(HttpContext context, Call call, string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            await OpenAIErrors.WriteAsync(context, 400, "you must provide a model parameter", "invalid_request_error").ConfigureAwait(false);
            return false;
        }

        call.Model = model;
        call.Spec = call.Gateway.Resolve(model);
        if (call.Spec is null)
        {
            await OpenAIErrors.WriteAsync(context, 404, $"The model '{model}' does not exist or you do not have access to it.",
                "invalid_request_error", code: "model_not_found").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>Plays the part of a fault that replaces the answer (OpenAI envelope, proxy page) or delays it; true when answered.</summary>
    private static Task<bool> BeforeAnswerAsync(HttpContext context, EmulatorState state, Call call, Fault? fault) =>
        FaultEffects.BeforeAnswerAsync(context, state, fault, (c, f) => OpenAIErrors.WriteFaultAsync(c, f, call.Spec?.Id));

    private static Fault? TakeFault(HttpContext context, EmulatorState state, Call call, string surface) =>
        state.Faults.TryTake(new FaultRequest { Method = context.Request.Method, Path = context.Request.Path.Value ?? string.Empty, Model = call.Model, Surface = surface });

    /// <summary>Sends a rendered answer, damaged as a body fault says.</summary>
    private static Task SendAsync(HttpContext context, PooledBuffer body, Fault? fault) =>
        fault?.Kind == FaultKind.MalformedJson
            ? JsonOut.SendAsync(context, 200, Sse.MalformedJson, JsonOut.JsonContentType, context.RequestAborted)
            : FaultEffects.SendBodyAsync(context, 200, body.WrittenMemory, JsonOut.JsonContentType, fault);

    private static Task PassThroughAsync(HttpContext context, EmulatorState state, Call call, string model, bool stream)
    {
        call.PassThrough = true;
        call.Model = model;
        call.Spec = call.Gateway.Resolve(model);
        // Quota counts per gateway, as a gateway's own rate limits would; configure it with Project "gateway/{name}".
        return GenerateContentSurface.AnswerAsync(context, state, "gateway/" + call.Gateway.Name, call.Spec?.Id ?? model, call.Gateway.Answered(model), stream);
    }

    /// <summary>The price <c>usage.cost</c> reports for a 200 answer, or null when the provider does not report cost.</summary>
    private static decimal? CostOf(Call call, int images) => call.Gateway.ReportsCost
        ? call.Gateway.Charge(images > 0 ? GatewayCallOutcome.Success : GatewayCallOutcome.NoImage, call.Model, call.Spec, images, call.Requested)
        : null;

    private static void WriteCost(Utf8JsonWriter w, decimal? cost)
    {
        if (cost is { } value)
        {
            w.WriteNumber("cost", value);
        }
    }

    private static async Task<JsonDocument?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            var document = JsonDocument.Parse(EmulatorMiddleware.Body(context));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        await OpenAIErrors.InvalidAsync(context, null,
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
            code: null).ConfigureAwait(false);
        return null;
    }

    /// <summary>A JSON property as text: strings as they are, numbers and booleans as written.</summary>
    private static string? Text(JsonElement root, string name) => JsonRead.Prop(root, name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };
}

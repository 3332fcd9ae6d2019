using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NanoBanana.Sdk.Emulator.Http;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>Handles one <c>POST /v1beta/models/{model}:{method}</c> method.</summary>
internal delegate Task ModelMethodHandler(HttpContext context, string model);

/// <summary>
/// <c>POST /v1beta/models/{model}:{method}</c>. ASP.NET routing cannot split a segment on ':' cleanly, so one
/// catch-all route takes the rest and splits on the last ':'. Surfaces register their methods here
/// (generateContent, streamGenerateContent, and e.g. batchGenerateContent) instead of mapping routes that collide.
/// </summary>
internal static class ModelsRoute
{
    /// <param name="app">The routes.</param>
    /// <param name="methods">Method name → handler.</param>
    /// <param name="prefix">A path before <c>/v1beta</c>, e.g. the gateway's <c>/gateway/{provider}</c>; empty for the root.</param>
    public static void Map(IEndpointRouteBuilder app, IReadOnlyDictionary<string, ModelMethodHandler> methods, string prefix = "")
    {
        app.MapPost(prefix + "/v1beta/models/{**rest}", (HttpContext context, string rest) =>
        {
            var colon = rest.LastIndexOf(':');
            if (colon > 0 && methods.TryGetValue(rest[(colon + 1)..], out var handler))
            {
                return handler(context, rest[..colon]);
            }

            return GoogleErrors.WriteAsync(context, 404, $"Method not found: models/{rest}", cancellationToken: context.RequestAborted);
        });
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary><c>POST /v1beta/interactions</c> and <c>GET /v1beta/interactions/{id}</c> (snake_case).</summary>
internal static class InteractionsSurface
{
    public static void Map(IEndpointRouteBuilder app)
    {
        _ = app;
    }
}

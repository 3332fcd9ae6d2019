using Microsoft.AspNetCore.Http;

namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>
/// Serves the Gemini API's <c>v1</c> paths as their <c>v1beta</c> twins. <c>@google/genai</c> 3.x sends every call
/// (generateContent, Interactions, batches, files…) to <c>/v1/</c> unless the caller sets <c>apiVersion</c>, and the
/// real service answers both, so an emulator serving only <c>/v1beta/</c> would fail the official SDK out of the box.
/// Only the Gemini collections are aliased: the gateway surface owns other <c>/v1/</c> paths (<c>/v1/chat/completions</c>).
/// Runs before routing; the journal and request log still show the path as sent.
/// </summary>
internal static class ApiVersionAlias
{
    private static readonly PathString[] Prefixes = ["", "/upload", "/download"];
    private static readonly string[] Collections = ["models", "interactions", "batches", "files"];

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var sent = context.Request.Path;
        if (Alias(sent) is not { } path)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Request.Path = path;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Request.Path = sent;
        }
    }

    /// <summary>The <c>v1beta</c> path for a Gemini <c>v1</c> one, or null when the path is not one.</summary>
    internal static PathString? Alias(PathString path)
    {
        foreach (var prefix in Prefixes)
        {
            if (!path.StartsWithSegments(prefix + "/v1", StringComparison.Ordinal, out var rest))
            {
                continue;
            }

            foreach (var collection in Collections)
            {
                if (rest.StartsWithSegments("/" + collection, StringComparison.Ordinal))
                {
                    return prefix + "/v1beta" + rest;
                }
            }
        }

        return null;
    }
}

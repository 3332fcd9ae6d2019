namespace NanoBanana.Sdk;

/// <summary>The convenience overloads every route client offers (prompt only, edit), validated the same way.</summary>
internal static class ImageRequests
{
    public static ImageRequest ForPrompt(string prompt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        return new ImageRequest(prompt);
    }

    public static ImageRequest ForEdit(string prompt, IReadOnlyList<ImageInput> images)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        if (images is not { Count: > 0 })
        {
            throw new ArgumentException("An edit needs at least one input image: create them with ImageInput.FromBytes, ImageInput.FromFileAsync or ImageInput.FromStreamAsync.", nameof(images));
        }

        return new ImageRequest(prompt) { InputImages = images };
    }
}

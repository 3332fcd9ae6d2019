namespace NanoBanana.Sdk;

/// <summary>What a request does to images; some price lists charge edits differently.</summary>
public enum ImageOperation
{
    /// <summary>Text-to-image generation.</summary>
    Generate = 0,

    /// <summary>An edit of one or more input images.</summary>
    Edit = 1,
}


namespace NanoBanana.Sdk.Tests.Inputs;

public sealed class ImageInputTests
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2];
    private static readonly byte[] Webp = [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8, 1];
    private static readonly byte[] Heic = [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0];
    private static readonly byte[] Heif = [0, 0, 0, 24, .. "ftypmif1"u8, 0, 0, 0, 0];

    public static TheoryData<byte[], string> Formats => new()
    {
        { Png, "image/png" }, { Jpeg, "image/jpeg" }, { Webp, "image/webp" }, { Heic, "image/heic" }, { Heif, "image/heif" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Without_a_mime_type_the_sniffed_one_is_used(byte[] bytes, string expected)
    {
        Assert.Equal(expected, ImageInput.FromBytes(bytes).MimeType);
        Assert.Equal(expected, (await ImageInput.FromStreamAsync(new MemoryStream(bytes))).MimeType);
        string path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, bytes);
            var input = await ImageInput.FromFileAsync(path);
            Assert.Equal(expected, input.MimeType);
            Assert.Equal(bytes, input.Data.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_declared_type_that_contradicts_the_bytes_is_refused_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageInput.FromBytes(Png, "image/jpeg"));
        Assert.Equal("mimeType", error.ParamName);
        Assert.Contains("'image/png'", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => ImageInput.FromBytes(new byte[] { 0x13, 0x37, 0x42, 0x99 }, "image/png"));
        Assert.Equal("mimeType", error.ParamName);
        Assert.Contains("not a known image format", error.Message, StringComparison.Ordinal);

        error = await Assert.ThrowsAsync<ArgumentException>(() => ImageInput.FromStreamAsync(new MemoryStream(Jpeg), "image/webp"));
        Assert.Equal("mimeType", error.ParamName);
    }

    [Fact]
    public async Task Unknown_bytes_without_a_type_are_refused_with_the_supported_types_listed()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageInput.FromBytes(new byte[] { 1, 2, 3, 4 }));
        Assert.Equal("data", error.ParamName);
        Assert.Contains(ImageMimeTypes.AllowedValues, error.Message, StringComparison.Ordinal);

        error = await Assert.ThrowsAsync<ArgumentException>(() => ImageInput.FromStreamAsync(new MemoryStream("GIF89a"u8.ToArray())));
        Assert.Equal("stream", error.ParamName);
        Assert.Contains(ImageMimeTypes.AllowedValues, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heic_and_heif_brands_agree_with_either_declaration_and_jpg_is_an_alias()
    {
        Assert.Equal("image/heif", ImageInput.FromBytes(Heic, "image/heif").MimeType);
        Assert.Equal("image/heic", ImageInput.FromBytes(Heif, "image/heic").MimeType);
        Assert.Equal("image/jpeg", ImageInput.FromBytes(Jpeg, "image/JPG").MimeType);

        string path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, Png);
            var error = await Assert.ThrowsAsync<ArgumentException>(() => ImageInput.FromFileAsync(path, "image/jpeg"));
            Assert.Equal("mimeType", error.ParamName);
            await File.WriteAllBytesAsync(path, []);
            error = await Assert.ThrowsAsync<ArgumentException>(() => ImageInput.FromFileAsync(path));
            Assert.Equal("path", error.ParamName);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

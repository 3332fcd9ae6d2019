using static NanoBanana.Sdk.Tests.Official.OfficialTestKit;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>The public image type: header-only pixel sizes, saving, copying, extensions.</summary>
public sealed class GeneratedImageTests
{
    [Theory]
    [InlineData(1024, 1024)]
    [InlineData(5504, 3072)]
    [InlineData(1, 65535)]
    public void Png_DimensionsComeFromIhdr(int width, int height)
    {
        Assert.Equal((width, height), new GeneratedImage(Png(width, height), "image/png").TryGetDimensions());
    }

    [Theory]
    [InlineData(0xC0, 4096, 2304)]
    [InlineData(0xC2, 1024, 768)]
    public void Jpeg_DimensionsComeFromTheFrameHeader_AfterOtherSegments(byte sof, int width, int height)
    {
        var jpeg = Jpeg(sof, width, height);

        Assert.Equal((width, height), new GeneratedImage(jpeg, "image/jpeg").TryGetDimensions());
    }

    [Fact]
    public void UnknownOrBrokenHeaders_GiveNull()
    {
        Assert.Null(new GeneratedImage(new byte[] { 1, 2, 3, 4 }, "image/webp").TryGetDimensions());
        Assert.Null(new GeneratedImage(Png(10, 10).AsMemory(0, 20), "image/png").TryGetDimensions());
        Assert.Null(new GeneratedImage(Jpeg(0xC0, 10, 10).AsMemory(0, 30), "image/jpeg").TryGetDimensions());
        Assert.Null(new GeneratedImage(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0, 2 }, "image/jpeg").TryGetDimensions());
        Assert.Null(new GeneratedImage(ReadOnlyMemory<byte>.Empty, "image/png").TryGetDimensions());
    }

    [Theory]
    [InlineData("image/png", ".png")]
    [InlineData("image/jpeg", ".jpg")]
    [InlineData("IMAGE/WEBP", ".webp")]
    [InlineData("application/octet-stream", ".bin")]
    public void FileExtension_FollowsTheMimeType(string mimeType, string extension)
    {
        Assert.Equal(extension, new GeneratedImage(new byte[] { 1 }, mimeType).FileExtension);
    }

    [Fact]
    public async Task SaveAsync_AndCopyToAsync_WriteTheExactBytes()
    {
        var bytes = Png(640, 480, padding: 10_000);
        var image = new GeneratedImage(bytes, "image/png");
        var path = Path.Combine(Path.GetTempPath(), $"nanobanana-{Guid.NewGuid():N}{image.FileExtension}");
        try
        {
            await File.WriteAllBytesAsync(path, new byte[50_000]);
            await image.SaveAsync(path);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }

        using var copy = new MemoryStream();
        await image.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    private static byte[] Jpeg(byte sof, int width, int height)
    {
        byte[] app0 = [0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
        byte[] dqt = [0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01];
        byte[] fill = [0xFF, 0xFF];
        byte[] frame = [0xFF, sof, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
        return [0xFF, 0xD8, .. app0, .. dqt, .. fill, .. frame, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9];
    }
}

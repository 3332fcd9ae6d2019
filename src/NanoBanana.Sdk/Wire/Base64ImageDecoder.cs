using System.Buffers;
using System.Buffers.Text;

namespace NanoBanana.Sdk.Wire;

/// <summary>
/// Decodes the base64 strings of one answer chunk by chunk into a single output buffer that every image of the
/// answer shares, so an image is decoded exactly once and never copied afterwards. The caller hands over the raw
/// bytes between the JSON quotes (<see cref="Decode"/>) and, for JSON escapes, single unescaped characters
/// (<see cref="DecodeChar"/>).
/// </summary>
/// <remarks>
/// When the body length is known the buffer is allocated once, sized from the bytes left in the body, and the
/// images are slices of it. Otherwise it grows through <see cref="ArrayPool{T}"/> buffers and is copied once into
/// an exact array by <see cref="DetachBuffer"/>.
/// </remarks>
internal sealed class Base64ImageDecoder : IDisposable
{
    private const int UnknownLengthInitialCapacity = 256 * 1024;

    // The standard alphabet without padding: a run of these in whole quads decodes exactly with no state to carry.
    private static readonly SearchValues<byte> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    private static readonly SearchValues<byte> DataUrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_"u8);

    private readonly long _maxImageBytes;
    private readonly byte[] _quad = new byte[4];
    private byte[] _buffer = [];
    private bool _pooled;
    private int _length;
    private int _imageStart;
    private int _quadLength;
    private bool _paddingSeen;

    public Base64ImageDecoder(long maxImageBytes) => _maxImageBytes = maxImageBytes;

    /// <summary>The characters a data URL's base64 is made of (standard and URL-safe alphabets, padding); anything else ends it.</summary>
    public static SearchValues<byte> DataUrlCharacters => DataUrlAlphabet;

    /// <summary>Whether an unescaped character belongs to a data URL's base64 (see <see cref="DataUrlCharacters"/>).</summary>
    public static bool IsDataUrlCharacter(int c) => c is >= 0 and < 128 && DataUrlAlphabet.Contains((byte)c);

    /// <summary>Starts a new image after the ones already decoded.</summary>
    /// <param name="maxRemainingBodyBytes">How many body bytes are left at most (from Content-Length), or <see langword="null"/>.</param>
    public void BeginImage(long? maxRemainingBodyBytes)
    {
        _imageStart = _length;
        _quadLength = 0;
        _paddingSeen = false;

        if (_buffer.Length == 0 && maxRemainingBodyBytes is long remaining)
        {
            // Every image still to come is made of those bytes, so their decoded total fits in 3/4 of them; capped so a
            // lying or huge Content-Length cannot make us allocate more than one image may need.
            long bound = Math.Min((remaining / 4 * 3) + 3, _maxImageBytes + 3);
            bound = Math.Clamp(bound, 3, Array.MaxLength);
            _buffer = GC.AllocateUninitializedArray<byte>((int)bound);
        }
    }

    /// <summary>
    /// The single-pass path: decodes the longest run of plain base64 alphabet characters at the start of
    /// <paramref name="chars"/> as they are, validating while decoding (no scan ahead), and returns how many characters
    /// it took. It stops before the first character that is not plain alphabet (the closing quote, a JSON escape,
    /// whitespace, padding, anything else) and leaves it to the caller, which hands it to <see cref="Decode"/> or
    /// <see cref="DecodeChar"/>. Up to three characters of a quad cut by the end of <paramref name="chars"/> are kept
    /// for the next call.
    /// </summary>
    public int DecodeRun(ReadOnlySpan<byte> chars)
    {
        int i = 0;

        // A quad begun at the end of the previous chunk is finished character by character.
        while (_quadLength != 0)
        {
            if (i == chars.Length || !Alphabet.Contains(chars[i]))
            {
                return i;
            }

            DecodeChar(chars[i++]);
        }

        if (_paddingSeen)
        {
            return i;
        }

        ReadOnlySpan<byte> rest = chars[i..];
        long allowedBytes = _maxImageBytes - (_length - _imageStart);

        // One quad past the limit is enough to prove the image is too large without decoding (or buffering) the rest.
        long quads = Math.Min(rest.Length / 4, (allowedBytes / 3) + 1);
        if (quads > 0)
        {
            int charCount = (int)quads * 4;
            Span<byte> destination = Reserve((int)quads * 3);

            // The vectorized decoder stops at the first quad holding anything but the plain alphabet. It skips whitespace
            // on its own, and then (isFinalBlock: false) may count as consumed characters whose bytes it has not written:
            // trusted, that would corrupt the image silently. A plain run decodes exactly 3 bytes per 4 characters, so any
            // other count means it went through such a path; then nothing of this attempt is kept and the character path
            // (Decode) redoes it from the same place.
            Base64.DecodeFromUtf8(rest[..charCount], destination, out int consumed, out int written, isFinalBlock: false);
            if ((consumed & 3) == 0 && written == consumed / 4 * 3)
            {
                Commit(written);
                i += consumed;
            }
            else
            {
                return i;
            }
        }

        // What is left before the stop (or the chunk's end) is under one quad: plain characters go into the quad.
        while (i < chars.Length && _quadLength < 3 && Alphabet.Contains(chars[i]))
        {
            DecodeChar(chars[i++]);
        }

        return i;
    }

    /// <summary>Decodes base64 characters that contain no JSON escape; whitespace is ignored.</summary>
    public void Decode(ReadOnlySpan<byte> chars)
    {
        while (!chars.IsEmpty)
        {
            if (_quadLength == 0 && !_paddingSeen && chars.Length >= 4)
            {
                int consumed = DecodeWholeQuads(chars);
                if (consumed > 0)
                {
                    chars = chars[consumed..];
                    continue;
                }
            }

            // Whatever the vectorized decoder refused (padding, whitespace, URL-safe letters, garbage, a quad split
            // across chunks) goes through the character path, which has the final say on validity.
            DecodeChar(chars[0]);
            chars = chars[1..];
        }
    }

    /// <summary>Decodes one character (typically the result of a JSON escape such as <c>\u002B</c> or <c>\/</c>).</summary>
    public void DecodeChar(int c)
    {
        if (c is ' ' or '\t' or '\r' or '\n')
        {
            return;
        }

        // Google accepts URL-safe base64 on input; tolerate it on output too rather than fail an image over it.
        c = c switch { '-' => '+', '_' => '/', _ => c };
        if (c is < 0 or > 127 || _paddingSeen)
        {
            throw Invalid();
        }

        _quad[_quadLength++] = (byte)c;
        if (_quadLength == 4)
        {
            DecodeQuad();
        }
    }

    /// <summary>Completes the current image and returns where it lies in the buffer.</summary>
    public (int Offset, int Length) EndImage()
    {
        switch (_quadLength)
        {
            case 1:
                throw Invalid();
            case 2 or 3:
                // Unpadded tail (as base64url writers emit): pad it rather than reject an otherwise complete image.
                _quad.AsSpan(_quadLength).Fill((byte)'=');
                DecodeQuad();
                break;
        }

        return (_imageStart, _length - _imageStart);
    }

    /// <summary>The decoded bytes of an image returned by <see cref="EndImage"/>, before <see cref="DetachBuffer"/>.</summary>
    public ReadOnlySpan<byte> GetImage(int offset, int length) => _buffer.AsSpan(offset, length);

    /// <summary>Forgets everything decoded from <paramref name="offset"/> on (images that turned out to be thoughts).</summary>
    public void Discard(int offset)
    {
        if (offset < _length)
        {
            _length = offset;
        }
    }

    /// <summary>Hands over the buffer every returned (offset, length) pair refers to; the decoder is empty afterwards.</summary>
    public byte[] DetachBuffer()
    {
        byte[] result = _buffer;
        if (_length == 0)
        {
            result = [];
        }
        else if (_pooled || _length < _buffer.Length - (_buffer.Length / 4))
        {
            // Pooled arrays go back to the pool, and a buffer sized from a Content-Length that turned out mostly not
            // to be image would pin that slack for the image's lifetime: one exact copy in both cases.
            result = GC.AllocateUninitializedArray<byte>(_length);
            _buffer.AsSpan(0, _length).CopyTo(result);
        }

        ReturnPooledBuffer();
        _buffer = [];
        _length = 0;
        return result;
    }

    public void Dispose()
    {
        ReturnPooledBuffer();
        _buffer = [];
        _length = 0;
    }

    private int DecodeWholeQuads(ReadOnlySpan<byte> chars)
    {
        long allowedBytes = _maxImageBytes - (_length - _imageStart);

        // One quad past the limit is enough to prove the image is too large without decoding (or buffering) the rest.
        // Only a run of plain alphabet characters goes to the vectorized decoder: given whitespace or padding,
        // Base64.DecodeFromUtf8 may report as consumed characters it skipped or kept back without writing their bytes
        // (isFinalBlock: false), which would silently corrupt the image. Everything else takes the character path.
        int plain = chars.IndexOfAnyExcept(Alphabet);
        if (plain < 0)
        {
            plain = chars.Length;
        }

        long quads = Math.Min(plain / 4, (allowedBytes / 3) + 1);
        if (quads == 0)
        {
            return 0;
        }

        int charCount = (int)quads * 4;
        Span<byte> destination = Reserve((int)quads * 3);
        OperationStatus status = Base64.DecodeFromUtf8(chars[..charCount], destination, out int consumed, out int written, isFinalBlock: false);
        if (status != OperationStatus.Done || consumed != charCount || written != charCount / 4 * 3)
        {
            // Cannot happen for whole quads of the plain alphabet; refuse rather than trust an unexplained count.
            throw Invalid();
        }

        Commit(written);
        return consumed;
    }

    private void DecodeQuad()
    {
        bool padded = _quad[3] == '=';
        Span<byte> destination = Reserve(3);
        OperationStatus status = Base64.DecodeFromUtf8(_quad, destination, out _, out int written, isFinalBlock: true);
        if (status != OperationStatus.Done)
        {
            throw Invalid();
        }

        _quadLength = 0;
        _paddingSeen = padded;
        Commit(written);
    }

    private Span<byte> Reserve(int count)
    {
        long needed = (long)_length + count;
        if (needed > _buffer.Length)
        {
            if (needed > Array.MaxLength)
            {
                throw TooLarge();
            }

            long size = Math.Clamp(Math.Max(needed, Math.Max(_buffer.Length * 2L, UnknownLengthInitialCapacity)), needed, Array.MaxLength);
            byte[] next = ArrayPool<byte>.Shared.Rent((int)size);
            _buffer.AsSpan(0, _length).CopyTo(next);
            ReturnPooledBuffer();
            _buffer = next;
            _pooled = true;
        }

        return _buffer.AsSpan(_length, count);
    }

    private void Commit(int written)
    {
        _length += written;
        if (_length - _imageStart > _maxImageBytes)
        {
            throw TooLarge();
        }
    }

    private void ReturnPooledBuffer()
    {
        if (_pooled)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _pooled = false;
        }
    }

    private ResponseParseException TooLarge() =>
        new(ResponseParseFailure.ImageTooLarge, $"The answer carries an image larger than the {_maxImageBytes} bytes allowed; raise the client's MaxImageBytes option (OfficialImageClientOptions.MaxImageBytes) if such images are expected.");

    private static ResponseParseException Invalid() =>
        new(ResponseParseFailure.Malformed, "The answer's image data is not valid base64.");
}

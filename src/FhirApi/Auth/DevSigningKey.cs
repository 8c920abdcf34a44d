using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace FhirChain.FhirApi.Auth;

/// <summary>The local development signing key: 32 random bytes, base64 in a file, HMAC-SHA256.</summary>
internal static class DevSigningKey
{
    public static SymmetricSecurityKey LoadOrCreate(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            try
            {
                using var stream = new FileStream(full, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(stream);
                writer.Write(fresh);
            }
            catch (IOException) when (File.Exists(full))
            {
                // Another process created it first: use theirs.
            }
        }

        var bytes = Convert.FromBase64String(File.ReadAllText(full).Trim());
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }
}

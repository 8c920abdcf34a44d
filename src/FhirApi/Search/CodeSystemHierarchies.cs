namespace FhirChain.FhirApi.Search;

/// <summary>
/// The stored CodeSystems a query's token <c>:above</c>/<c>:below</c> values name, by canonical URL
/// (see <see cref="CodeSystemResolver"/>); a system that is absent is not stored on this server.
/// </summary>
internal sealed class CodeSystemHierarchies(IReadOnlyDictionary<string, CodeSystemHierarchy> bySystem)
{
    public static CodeSystemHierarchies None { get; } = new(new Dictionary<string, CodeSystemHierarchy>());

    public CodeSystemHierarchy? Find(string system) => bySystem.GetValueOrDefault(system);
}

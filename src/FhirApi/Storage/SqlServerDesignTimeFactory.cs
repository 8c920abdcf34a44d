using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FhirChain.FhirApi.Storage;

/// <summary>Used only by <c>dotnet ef migrations add</c>; the connection string is never opened.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerFhirDbContext>
{
    public SqlServerFhirDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerFhirDbContext>();
        options.UseSqlServer("Server=localhost;Database=design;TrustServerCertificate=true");
        return new SqlServerFhirDbContext(options.Options);
    }
}

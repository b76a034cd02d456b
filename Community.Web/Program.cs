using Community.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommunityWeb();

var app = builder.Build();
app.UseCommunityWeb();
app.Run();

/// <summary>Entry point; public so tests can host it.</summary>
public partial class Program;

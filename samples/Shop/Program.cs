Shop.ShopApp.Build(args).Run();

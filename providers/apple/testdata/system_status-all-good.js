jsonCallback({
 "drpost": false,
 "services": [
  {
   "redirectUrl": null,
   "serviceName": "Apple Pay & Wallet",
   "events": []
  },
  {
   "redirectUrl": null,
   "serviceName": "iCloud Mail",
   "events": []
  },
  {
   "redirectUrl": null,
   "serviceName": "iCloud Drive",
   "events": []
  },
  {
   "redirectUrl": null,
   "serviceName": "App Store",
   "events": []
  },
  {
   "redirectUrl": null,
   "serviceName": "Siri",
   "events": []
  }
 ]
});
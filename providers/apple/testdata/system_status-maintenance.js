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
   "events": [
    {
     "usersAffected": "All users are affected",
     "epochStartDate": 1796594400000,
     "epochEndDate": 1796605200000,
     "messageId": "1500013000",
     "statusType": "Maintenance",
     "datePosted": "",
     "startDate": "",
     "endDate": "",
     "affectedServices": null,
     "eventStatus": "ongoing",
     "message": "App Store purchases may be unavailable during scheduled maintenance."
    }
   ]
  },
  {
   "redirectUrl": null,
   "serviceName": "Siri",
   "events": [
    {
     "usersAffected": "Some users are affected",
     "epochStartDate": 1796796000000,
     "epochEndDate": 1796799600000,
     "messageId": "1500013050",
     "statusType": "Maintenance",
     "datePosted": "",
     "startDate": "",
     "endDate": "",
     "affectedServices": null,
     "eventStatus": "upcoming",
     "message": "Siri scheduled maintenance."
    }
   ]
  }
 ]
});
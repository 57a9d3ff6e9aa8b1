jsonCallback({
 "drpost": false,
 "services": [
  {
   "redirectUrl": null,
   "serviceName": "Apple Pay & Wallet",
   "events": [
    {
     "usersAffected": "Some users are affected",
     "epochStartDate": 1796400000000,
     "epochEndDate": 1796407920000,
     "messageId": "1500011111",
     "statusType": "Issue",
     "datePosted": "",
     "startDate": "",
     "endDate": "",
     "affectedServices": null,
     "eventStatus": "resolved",
     "message": "Some users were unable to add cards to Apple Wallet."
    }
   ]
  },
  {
   "redirectUrl": null,
   "serviceName": "iCloud Mail",
   "events": [
    {
     "usersAffected": "Some users are affected",
     "epochStartDate": 1796542800000,
     "epochEndDate": null,
     "messageId": "1500012345",
     "statusType": "Outage",
     "datePosted": "",
     "startDate": "",
     "endDate": "",
     "affectedServices": [
      "iCloud Mail",
      "iCloud Drive"
     ],
     "eventStatus": "ongoing",
     "message": "Users may be unable to send or receive iCloud Mail."
    }
   ]
  },
  {
   "redirectUrl": null,
   "serviceName": "iCloud Drive",
   "events": [
    {
     "usersAffected": "Some users are affected",
     "epochStartDate": 1796542800000,
     "epochEndDate": null,
     "messageId": "1500012345",
     "statusType": "Outage",
     "datePosted": "",
     "startDate": "",
     "endDate": "",
     "affectedServices": [
      "iCloud Mail",
      "iCloud Drive"
     ],
     "eventStatus": "ongoing",
     "message": "Users may be unable to send or receive iCloud Mail."
    }
   ]
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